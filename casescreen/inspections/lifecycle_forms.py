"""Forms for moving an inspection through its lifecycle."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from casescreen.inspections.models import Inspection
from casescreen.lib.forms import DateInput


def _part(name: str, low: int, high: int) -> forms.IntegerField:
    return forms.IntegerField(
        min_value=low,
        max_value=high,
        error_messages={
            "required": f"The date of the announcement must include a {name}",
            "invalid": f"The {name} of the announcement must be a number",
            "min_value": f"The {name} of the announcement must be from {low} to {high}",
            "max_value": f"The {name} of the announcement must be from {low} to {high}",
        },
    )


class AnnounceForm(forms.Form):
    """The announcement date as GOV.UK's three-field date input, and the reason if late or early."""

    day = _part("day", 1, 31)
    month = _part("month", 1, 12)
    year = _part("year", 2000, 2100)
    reason = forms.CharField(
        label="Reason for announcing on another day",
        required=False,
        max_length=2000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, due: date, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.date = DateInput(
            self,
            legend="Date of the announcement",
            hint=f"For example, {due:%-d %-m %Y}",
            id="announced",
        )
        self.fields["reason"].help_text = (
            f"Needed only when the date is not {due:%A %-d %B %Y}. "
            "It is kept with the inspection's history."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if {"day", "month", "year"} <= data.keys():
            try:
                data["announced_on"] = date(data["year"], data["month"], data["day"])
            except ValueError:
                self.add_error("day", "The announcement date must be a real date.")
        return data


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=Inspection.Status.choices)
    reason = forms.CharField(required=False, max_length=2000, strip=True)
