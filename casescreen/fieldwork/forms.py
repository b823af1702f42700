"""Forms of the allocation and timetable pages: they validate and convert, nothing more."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time, timedelta
from typing import Any

from django import forms

from casescreen.domain.timetable import Slot

SLOT_FORMAT = "%Y-%m-%dT%H:%M"


def slot_value(slot: Slot) -> str:
    return f"{slot.day:%Y-%m-%d}T{slot.start:%H:%M}"


def slot_label(slot: Slot) -> str:
    return f"{slot.day:%A %-d %B}, {slot.start:%H:%M} to {slot.end:%H:%M}"


class _ChoicesForm(forms.Form):
    def _choice(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field


class AssignForm(_ChoicesForm):
    cases = forms.MultipleChoiceField(
        error_messages={
            "required": "Select at least one case.",
            "invalid_choice": "Select cases from the list.",
        }
    )
    inspector = forms.ChoiceField(
        label="Give the selected cases to",
        error_messages={
            "required": "Choose the inspector to give the cases to.",
            "invalid_choice": "Choose an inspector on this inspection's team.",
        },
    )

    def __init__(self, *args: Any, references: Sequence[str], members: Sequence[Any], **kw: Any):
        super().__init__(*args, **kw)
        self.members = {str(m.pk): m for m in members}
        self._choice("cases").choices = [(r, r) for r in references]
        self._choice("inspector").choices = [("", "Choose an inspector")] + [
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
        field.label = f"Who assesses case {case.reference}?"
        field.choices = [(pk, m.display_name) for pk, m in self.members.items()]
        moves = (
            f" Its interview on {case.day:%A %-d %B} at {case.start:%H:%M} moves with it."
            if case.scheduled
            else ""
        )
        field.help_text = f"Case manager: {case.case_manager or 'not recorded'}.{moves}"

    def chosen_inspector(self) -> Any:
        return self.members[self.cleaned_data["inspector"]]


class SlotForm(_ChoicesForm):
    slot = forms.ChoiceField(
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the timetable's slots."},
    )

    def __init__(self, *args: Any, slots: Sequence[Slot], case: Any, **kw: Any):
        super().__init__(*args, **kw)
        self.slots = {slot_value(s): s for s in slots}
        field = self._choice("slot")
        field.label = f"When is case {case.reference} discussed?"
        field.help_text = (
            f"Inspector: {case.inspector or 'not allocated'}. "
            f"Case manager: {case.case_manager or 'not recorded'}."
        )
        field.choices = [("", "Not on the timetable")] + [
            (value, slot_label(s)) for value, s in self.slots.items()
        ]

    def chosen_slot(self) -> Slot | None:
        return self.slots.get(self.cleaned_data["slot"] or "")


_SHORT = {"class": "govuk-input--width-5"}


def _short() -> forms.TextInput:
    return forms.TextInput(attrs=_SHORT)


def _time(label: str, help_text: str = "") -> forms.TimeField:
    return forms.TimeField(
        label=label,
        help_text=help_text,
        widget=forms.TimeInput(attrs=_SHORT),
        input_formats=["%H:%M", "%H.%M"],
        error_messages={
            "required": f"Enter the time the {label.lower()}, like 09:00.",
            "invalid": f"Enter the time the {label.lower()} as hours and minutes, like 09:00.",
        },
    )


class SettingsForm(forms.Form):
    first_day_start = _time(
        "First day starts", "Fieldwork usually starts at lunchtime on the first day, like 12:00."
    )
    day_start = _time("Day starts")
    day_end = _time("Day ends")
    last_day_end = _time(
        "Last day ends", "Fieldwork usually ends in the afternoon of the last day, like 16:00."
    )
    slot_minutes = forms.IntegerField(
        label="Slot length in minutes",
        help_text="How long each case discussion takes, like 90.",
        widget=_short(),
        min_value=15,
        max_value=480,
        error_messages={
            "required": "Enter the slot length in minutes.",
            "invalid": "Enter the slot length as a whole number of minutes, like 90.",
            "min_value": "A slot must be at least 15 minutes long.",
            "max_value": "A slot must be at most 480 minutes long.",
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("day_start"), data.get("day_end")
        if isinstance(start, time) and isinstance(end, time) and end <= start:
            self.add_error("day_end", "The day must end after it starts.")
        return data


class UnavailabilityForm(_ChoicesForm):
    case_manager = forms.ChoiceField(
        error_messages={
            "required": "Choose the case manager.",
            "invalid_choice": "Choose a case manager of the sampled cases.",
        }
    )
    day = forms.ChoiceField(
        error_messages={
            "required": "Choose the day.",
            "invalid_choice": "Choose one of the fieldwork days.",
        }
    )
    start = forms.TimeField(
        help_text="For example, 13:00.",
        widget=forms.TimeInput(attrs=_SHORT),
        input_formats=["%H:%M", "%H.%M"],
        error_messages={
            "required": "Enter the time the period starts, like 13:00.",
            "invalid": "Enter the time the period starts as hours and minutes, like 13:00.",
        },
    )
    end = forms.TimeField(
        help_text="For example, 14:30.",
        widget=forms.TimeInput(attrs=_SHORT),
        input_formats=["%H:%M", "%H.%M"],
        error_messages={
            "required": "Enter the time the period ends, like 14:30.",
            "invalid": "Enter the time the period ends as hours and minutes, like 14:30.",
        },
    )

    def __init__(
        self, *args: Any, case_managers: Sequence[str], first: date, last: date, **kw: Any
    ):
        super().__init__(*args, **kw)
        self._choice("case_manager").choices = [("", "Choose")] + [(n, n) for n in case_managers]
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        self._choice("day").choices = [(f"{d:%Y-%m-%d}", f"{d:%A %-d %B %Y}") for d in days]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, time) and isinstance(end, time) and end <= start:
            self.add_error("end", "The period must end after it starts.")
        return data

    def chosen_day(self) -> date:
        return date.fromisoformat(self.cleaned_data["day"])
