"""Forms for moving an inspection through its lifecycle."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from casescreen.inspections.models import Inspection
from casescreen.lib.forms import DateInput

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _part(name: StrOrPromise, low: int, high: int) -> forms.IntegerField:
    out_of_range = format_lazy(
        gettext_lazy("The {name} of the announcement must be from {low} to {high}"),
        name=name,
        low=low,
        high=high,
    )
    return forms.IntegerField(
        min_value=low,
        max_value=high,
        error_messages={
            "required": format_lazy(
                gettext_lazy("The date of the announcement must include a {name}"), name=name
            ),
            "invalid": format_lazy(
                gettext_lazy("The {name} of the announcement must be a number"), name=name
            ),
            "min_value": out_of_range,
            "max_value": out_of_range,
        },
    )


class AnnounceForm(forms.Form):
    """The announcement date as GOV.UK's three-field date input, and the reason if late or early."""

    day = _part(gettext_lazy("day"), 1, 31)
    month = _part(gettext_lazy("month"), 1, 12)
    year = _part(gettext_lazy("year"), 2000, 2100)
    reason = forms.CharField(
        label=gettext_lazy("Reason for announcing on another day"),
        required=False,
        max_length=2000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, due: date, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.date = DateInput(
            self,
            legend=gettext("Date of the announcement"),
            hint=gettext("For example, %(due)s") % {"due": f"{due:%-d %-m %Y}"},
            id="announced",
        )
        self.fields["reason"].help_text = gettext(
            "Needed only when the date is not %(due)s. It is kept with the inspection's history."
        ) % {"due": date_format(due, "l j F Y")}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if {"day", "month", "year"} <= data.keys():
            try:
                data["announced_on"] = date(data["year"], data["month"], data["day"])
            except ValueError:
                self.add_error("day", gettext("The announcement date must be a real date."))
        return data


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=Inspection.Status.choices)
    reason = forms.CharField(required=False, max_length=2000, strip=True)
