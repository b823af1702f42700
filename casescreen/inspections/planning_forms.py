"""Forms for planning an inspection and building its team.

Dates are GOV.UK date inputs: three boxes (day, month, year) named ``<date>_day``,
``<date>_month`` and ``<date>_year``, read by the app's one rule (``date_forms``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext, gettext_lazy

from casescreen.frameworks import get_framework
from casescreen.inspections.date_forms import date_part, read_date
from casescreen.inspections.models import Inspection, TeamMembership, Yot
from casescreen.inspections.planning import REFERENCE_MAX, REFERENCE_PATTERN
from casescreen.inspections.services import published_frameworks
from casescreen.lib.forms import DateInput

# The dates of the plan: field prefix, and how messages name it.
PLAN_DATES = (
    ("announcement", gettext_lazy("the announcement date")),
    ("start", gettext_lazy("the date fieldwork starts")),
    ("end", gettext_lazy("the date fieldwork ends")),
)


def framework_choices() -> list[tuple[str, str]]:
    return [(f"{i}@{v}", get_framework(i, v).label) for i, v in published_frameworks()]


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
    announcement_day = date_part(gettext_lazy("Day"))
    announcement_month = date_part(gettext_lazy("Month"))
    announcement_year = date_part(gettext_lazy("Year"))
    start_day = date_part(gettext_lazy("Day"))
    start_month = date_part(gettext_lazy("Month"))
    start_year = date_part(gettext_lazy("Year"))
    end_day = date_part(gettext_lazy("Day"))
    end_month = date_part(gettext_lazy("Month"))
    end_year = date_part(gettext_lazy("Year"))

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

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        dates = {prefix: read_date(self, prefix, label) for prefix, label in PLAN_DATES}
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
