"""Forms for moving an inspection through its lifecycle."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from casescreen.inspections.models import Inspection


class AnnounceForm(forms.Form):
    """The announcement date as GOV.UK's three-field date input, and the reason if late or early."""

    day = forms.IntegerField(min_value=1, max_value=31)
    month = forms.IntegerField(min_value=1, max_value=12)
    year = forms.IntegerField(min_value=2000, max_value=2100)
    reason = forms.CharField(required=False, max_length=2000, strip=True)

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
