"""Forms for moving an inspection through its lifecycle."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from casescreen.inspections.date_forms import date_part, read_date
from casescreen.inspections.models import Inspection
from casescreen.lib.forms import DateInput


class AnnounceForm(forms.Form):
    """The announcement date as GOV.UK's three-field date input, and the reason if late or early."""

    day = date_part(gettext_lazy("Day"))
    month = date_part(gettext_lazy("Month"))
    year = date_part(gettext_lazy("Year"))
    reason = forms.CharField(
        label=gettext_lazy("Reason for announcing on another day"),
        required=False,
        max_length=2000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": format_lazy(
                gettext_lazy("The reason must be {count} characters or fewer"), count=2000
            )
        },
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
        announced_on = read_date(self, "", gettext_lazy("the announcement date"))
        if announced_on is not None:
            data["announced_on"] = announced_on
        return data


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=Inspection.Status.choices)
    reason = forms.CharField(required=False, max_length=2000, strip=True)
