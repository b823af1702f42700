"""Forms of the allocation and timetable pages: they validate and convert, nothing more."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time, timedelta
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from casescreen.domain.timetable import Slot

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SLOT_FORMAT = "%Y-%m-%dT%H:%M"


def slot_value(slot: Slot) -> str:
    return f"{slot.day:%Y-%m-%d}T{slot.start:%H:%M}"


def slot_label(slot: Slot) -> str:
    return gettext("%(day)s, %(start)s to %(end)s") % {
        "day": date_format(slot.day, "l j F"),
        "start": f"{slot.start:%H:%M}",
        "end": f"{slot.end:%H:%M}",
    }


class _ChoicesForm(forms.Form):
    def _choice(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field


class AssignForm(_ChoicesForm):
    cases = forms.MultipleChoiceField(
        error_messages={
            "required": gettext_lazy("Select at least one case."),
            "invalid_choice": gettext_lazy("Select cases from the list."),
        }
    )
    inspector = forms.ChoiceField(
        label=gettext_lazy("Give the selected cases to"),
        error_messages={
            "required": gettext_lazy("Choose the inspector to give the cases to."),
            "invalid_choice": gettext_lazy("Choose an inspector on this inspection's team."),
        },
    )

    def __init__(self, *args: Any, references: Sequence[str], members: Sequence[Any], **kw: Any):
        super().__init__(*args, **kw)
        self.members = {str(m.pk): m for m in members}
        self._choice("cases").choices = [(r, r) for r in references]
        self._choice("inspector").choices = [("", gettext("Choose an inspector"))] + [
            (pk, m.display_name) for pk, m in self.members.items()
        ]

    def chosen_inspector(self) -> Any:
        return self.members[self.cleaned_data["inspector"]]


class CaseAssignForm(_ChoicesForm):
    """The inspector of one case, chosen among the team; its interview moves with it."""

    inspector = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages=AssignForm.base_fields["inspector"].error_messages,
    )

    def __init__(self, *args: Any, case: Any, members: Sequence[Any], **kw: Any):
        super().__init__(*args, **kw)
        self.members = {str(m.pk): m for m in members}
        field = self._choice("inspector")
        field.label = gettext("Who assesses case %(reference)s?") % {"reference": case.reference}
        field.choices = [(pk, m.display_name) for pk, m in self.members.items()]
        manager = case.case_manager or gettext("not recorded")
        if case.scheduled:
            field.help_text = gettext(
                "Case manager: %(manager)s. Its interview on %(day)s at %(start)s moves with it."
            ) % {
                "manager": manager,
                "day": date_format(case.day, "l j F"),
                "start": f"{case.start:%H:%M}",
            }
        else:
            field.help_text = gettext("Case manager: %(manager)s.") % {"manager": manager}

    def chosen_inspector(self) -> Any:
        return self.members[self.cleaned_data["inspector"]]


class SlotForm(_ChoicesForm):
    slot = forms.ChoiceField(
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": gettext_lazy("Choose one of the timetable's slots.")},
    )

    def __init__(self, *args: Any, slots: Sequence[Slot], case: Any, **kw: Any):
        super().__init__(*args, **kw)
        self.slots = {slot_value(s): s for s in slots}
        field = self._choice("slot")
        field.label = gettext("When is case %(reference)s discussed?") % {
            "reference": case.reference
        }
        field.help_text = gettext("Inspector: %(inspector)s. Case manager: %(manager)s.") % {
            "inspector": case.inspector or gettext("not allocated"),
            "manager": case.case_manager or gettext("not recorded"),
        }
        field.choices = [("", gettext("Not on the timetable"))] + [
            (value, slot_label(s)) for value, s in self.slots.items()
        ]

    def chosen_slot(self) -> Slot | None:
        return self.slots.get(self.cleaned_data["slot"] or "")


_SHORT = {"class": "govuk-input--width-5"}


def _short() -> forms.TextInput:
    return forms.TextInput(attrs=_SHORT)


def _time(label: StrOrPromise, what: StrOrPromise, help_text: StrOrPromise = "") -> forms.TimeField:
    """A time of day; ``what`` names it in messages ("the day starts")."""
    return forms.TimeField(
        label=label,
        help_text=help_text,
        widget=forms.TimeInput(attrs=_SHORT),
        input_formats=["%H:%M", "%H.%M"],
        error_messages={
            "required": format_lazy(gettext_lazy("Enter the time {what}, like 09:00."), what=what),
            "invalid": format_lazy(
                gettext_lazy("Enter the time {what} as hours and minutes, like 09:00."), what=what
            ),
        },
    )


class SettingsForm(forms.Form):
    first_day_start = _time(
        gettext_lazy("First day starts"),
        gettext_lazy("the first day starts"),
        gettext_lazy("Fieldwork usually starts at lunchtime on the first day, like 12:00."),
    )
    day_start = _time(gettext_lazy("Day starts"), gettext_lazy("the day starts"))
    day_end = _time(gettext_lazy("Day ends"), gettext_lazy("the day ends"))
    last_day_end = _time(
        gettext_lazy("Last day ends"),
        gettext_lazy("the last day ends"),
        gettext_lazy("Fieldwork usually ends in the afternoon of the last day, like 16:00."),
    )
    slot_minutes = forms.IntegerField(
        label=gettext_lazy("Slot length in minutes"),
        help_text=gettext_lazy("How long each case discussion takes, like 90."),
        widget=_short(),
        min_value=15,
        max_value=480,
        error_messages={
            "required": gettext_lazy("Enter the slot length in minutes."),
            "invalid": gettext_lazy("Enter the slot length as a whole number of minutes, like 90."),
            "min_value": gettext_lazy("A slot must be at least 15 minutes long."),
            "max_value": gettext_lazy("A slot must be at most 480 minutes long."),
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("day_start"), data.get("day_end")
        if isinstance(start, time) and isinstance(end, time) and end <= start:
            self.add_error("day_end", gettext("The day must end after it starts."))
        return data


class UnavailabilityForm(_ChoicesForm):
    case_manager = forms.ChoiceField(
        label=gettext_lazy("Case manager"),
        error_messages={
            "required": gettext_lazy("Choose the case manager."),
            "invalid_choice": gettext_lazy("Choose a case manager of the sampled cases."),
        },
    )
    day = forms.ChoiceField(
        label=gettext_lazy("Day"),
        error_messages={
            "required": gettext_lazy("Choose the day."),
            "invalid_choice": gettext_lazy("Choose one of the fieldwork days."),
        },
    )
    start = forms.TimeField(
        label=pgettext_lazy("a time of day", "Start"),
        help_text=gettext_lazy("For example, 13:00."),
        widget=forms.TimeInput(attrs=_SHORT),
        input_formats=["%H:%M", "%H.%M"],
        error_messages={
            "required": gettext_lazy("Enter the time the period starts, like 13:00."),
            "invalid": gettext_lazy(
                "Enter the time the period starts as hours and minutes, like 13:00."
            ),
        },
    )
    end = forms.TimeField(
        label=pgettext_lazy("a time of day", "End"),
        help_text=gettext_lazy("For example, 14:30."),
        widget=forms.TimeInput(attrs=_SHORT),
        input_formats=["%H:%M", "%H.%M"],
        error_messages={
            "required": gettext_lazy("Enter the time the period ends, like 14:30."),
            "invalid": gettext_lazy(
                "Enter the time the period ends as hours and minutes, like 14:30."
            ),
        },
    )

    def __init__(
        self, *args: Any, case_managers: Sequence[str], first: date, last: date, **kw: Any
    ):
        super().__init__(*args, **kw)
        self._choice("case_manager").choices = [("", gettext("Choose a case manager"))] + [
            (n, n) for n in case_managers
        ]
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        self._choice("day").choices = [(f"{d:%Y-%m-%d}", date_format(d, "l j F Y")) for d in days]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, time) and isinstance(end, time) and end <= start:
            self.add_error("end", gettext("The period must end after it starts."))
        return data

    def chosen_day(self) -> date:
        return date.fromisoformat(self.cleaned_data["day"])
