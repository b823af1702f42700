"""Forms for planning an inspection and building its team.

Dates are GOV.UK date inputs: three boxes (day, month, year) named ``<date>_day``,
``<date>_month`` and ``<date>_year``, checked together with one message per date.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext, gettext_lazy

from casescreen.frameworks import get_framework
from casescreen.inspections.models import Inspection, TeamMembership, Yot
from casescreen.inspections.planning import REFERENCE_MAX, REFERENCE_PATTERN
from casescreen.inspections.services import published_frameworks
from casescreen.lib.forms import DateInput

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PARTS = ("day", "month", "year")
# How messages name each box of a date.
PART_NAMES = {
    "day": gettext_lazy("day"),
    "month": gettext_lazy("month"),
    "year": gettext_lazy("year"),
}
# The dates of the plan: field prefix, and how messages name it.
PLAN_DATES = (
    ("announcement", gettext_lazy("the announcement date")),
    ("start", gettext_lazy("the date fieldwork starts")),
    ("end", gettext_lazy("the date fieldwork ends")),
)


def framework_choices() -> list[tuple[str, str]]:
    return [(f"{i}@{v}", get_framework(i, v).label) for i, v in published_frameworks()]


def _date_part(label: StrOrPromise) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=10, strip=True)


class PlanForm(forms.Form):
    yot = forms.ModelChoiceField(
        queryset=Yot.objects.order_by("name"),
        label=gettext_lazy("YOT to inspect"),
        empty_label=gettext_lazy("Choose a YOT"),
        error_messages={
            "required": gettext_lazy("Choose the YOT to inspect"),
            "invalid_choice": gettext_lazy("Choose a YOT from the register"),
        },
    )
    framework = forms.ChoiceField(
        label=gettext_lazy("Question set"),
        help_text=gettext_lazy("Only published question sets can be used."),
        choices=framework_choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose the question set"),
            "invalid_choice": gettext_lazy("Choose one of the published question sets"),
        },
    )
    announcement_day = _date_part(gettext_lazy("Day"))
    announcement_month = _date_part(gettext_lazy("Month"))
    announcement_year = _date_part(gettext_lazy("Year"))
    start_day = _date_part(gettext_lazy("Day"))
    start_month = _date_part(gettext_lazy("Month"))
    start_year = _date_part(gettext_lazy("Year"))
    end_day = _date_part(gettext_lazy("Day"))
    end_month = _date_part(gettext_lazy("Month"))
    end_year = _date_part(gettext_lazy("Year"))

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["yot"].help_text = format_html(
            gettext(
                'A YOT missing here is added in the <a class="govuk-link" href="{}">YOT register</a>.'
            ),
            reverse("yot_register"),
        )

    def dates(self, hints: dict[str, str]) -> list[DateInput]:
        """The plan's dates as GOV.UK date inputs, each with its hint from ``hints``."""
        return [
            DateInput(self, prefix, legend=str(capfirst(label)), hint=hints.get(prefix, ""))
            for prefix, label in PLAN_DATES
        ]

    def _date(self, prefix: str, label: StrOrPromise) -> date | None:
        """One GOV.UK date input, as a date; a message on its first wrong box otherwise."""
        parts = {part: self.cleaned_data.get(f"{prefix}_{part}") or "" for part in PARTS}
        missing = [part for part in PARTS if not parts[part]]
        if len(missing) == len(PARTS):
            self.add_error(f"{prefix}_day", gettext("Enter %(label)s") % {"label": label})
            return None
        if missing:
            self.add_error(
                f"{prefix}_{missing[0]}",
                gettext("%(label)s must include a %(parts)s")
                % {
                    "label": capfirst(label),
                    "parts": gettext(" and ").join(str(PART_NAMES[part]) for part in missing),
                },
            )
            return None
        not_number = [part for part in PARTS if not parts[part].isdigit()]
        if not_number:
            self.add_error(
                f"{prefix}_{not_number[0]}",
                gettext("%(label)s must be a real date, in numbers") % {"label": capfirst(label)},
            )
            return None
        if len(parts["year"]) != 4:
            self.add_error(
                f"{prefix}_year",
                gettext("The year in %(label)s must have 4 digits, like 2026") % {"label": label},
            )
            return None
        try:
            return date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            self.add_error(
                f"{prefix}_day",
                gettext("%(label)s must be a real date") % {"label": capfirst(label)},
            )
            return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        dates = {prefix: self._date(prefix, label) for prefix, label in PLAN_DATES}
        start, end, announcement = dates["start"], dates["end"], dates["announcement"]
        if start and end and end < start:
            self.add_error(
                "end_day",
                gettext("The date fieldwork ends must be the same as or after the day it starts"),
            )
        elif start and announcement and announcement >= start:
            self.add_error(
                "announcement_day", gettext("The announcement date must be before fieldwork starts")
            )
        data.update(dates)
        return data


class ReferenceForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Reference for the inspection"),
        max_length=REFERENCE_MAX,
        strip=True,
        widget=forms.TextInput(attrs={"class": "govuk-!-width-one-half", "spellcheck": "false"}),
        error_messages={
            "required": gettext_lazy("Enter a reference for the inspection"),
            "max_length": format_lazy(
                gettext_lazy("The reference must be {count} characters or fewer"),
                count=REFERENCE_MAX,
            ),
        },
    )

    def __init__(self, *args: Any, suggested: str, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["reference"].help_text = gettext(
            "It names the inspection in every address and file. Suggested from the YOT and the "
            "month fieldwork starts: %(suggested)s. Lower-case letters and numbers joined by "
            "hyphens."
        ) % {"suggested": suggested}

    def clean_reference(self) -> str:
        reference = str(self.cleaned_data["reference"])
        if not REFERENCE_PATTERN.match(reference):
            raise forms.ValidationError(
                gettext(
                    "The reference must be lower-case letters and numbers joined by "
                    "hyphens, like redbridge-2015-02"
                )
            )
        if Inspection.objects.filter(reference=reference).exists():
            raise forms.ValidationError(
                gettext(
                    "The reference %(reference)s is already used by another inspection: enter another"
                )
                % {"reference": reference}
            )
        return reference


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.username}, {obj.get_role_display()})"


class TeamAddForm(forms.Form):
    member = PersonField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        label=gettext_lazy("Person"),
        empty_label=gettext_lazy("Choose a person"),
        error_messages={
            "required": gettext_lazy("Choose the person to add to the team"),
            "invalid_choice": gettext_lazy("Choose a person from the list"),
        },
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role on this inspection"),
        choices=TeamMembership.Role.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose the person's role on this inspection"),
            "invalid_choice": gettext_lazy("Choose lead inspector or inspector"),
        },
    )


class TeamRemoveForm(forms.Form):
    membership = forms.IntegerField(
        min_value=1,
        max_value=2_147_483_647,
        error_messages={
            "required": gettext_lazy("Choose who to remove"),
            "invalid": gettext_lazy("Choose who to remove"),
        },
    )
