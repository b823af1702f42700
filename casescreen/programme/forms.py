from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from casescreen.frameworks.stored import known_frameworks
from casescreen.inspections.date_forms import YEAR_MAX, YEAR_MIN
from casescreen.inspections.models import Yot
from casescreen.programme.selectors import filter_choices

QUESTION_SORTS = ("paragraph", "share", "low", "applicable", "median")
YOT_SORTS = ("name", "region", "share", "change", "reoffending", "cases")
DIRECTIONS = (("asc", "ascending"), ("desc", "descending"))
# GOV.UK asks for a number in a text input: a number input changes on a scroll.
YEAR = {"class": "govuk-input--width-4", "inputmode": "numeric"}
FIRST_YEAR_RANGE = format_lazy(
    gettext_lazy("The first year must be from {low} to {high}"), low=YEAR_MIN, high=YEAR_MAX
)
LAST_YEAR_RANGE = format_lazy(
    gettext_lazy("The last year must be from {low} to {high}"), low=YEAR_MIN, high=YEAR_MAX
)


class ProgrammeFilterForm(forms.Form):
    framework = forms.ChoiceField(label=gettext_lazy("Question set"), required=False)
    year_from = forms.IntegerField(
        label=gettext_lazy("From (year)"),
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        widget=forms.TextInput(attrs=YEAR),
        error_messages={
            "invalid": gettext_lazy("Enter the first year as a number, like 2015"),
            "min_value": FIRST_YEAR_RANGE,
            "max_value": FIRST_YEAR_RANGE,
        },
    )
    year_to = forms.IntegerField(
        label=gettext_lazy("To (year)"),
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        widget=forms.TextInput(attrs=YEAR),
        error_messages={
            "invalid": gettext_lazy("Enter the last year as a number, like 2020"),
            "min_value": LAST_YEAR_RANGE,
            "max_value": LAST_YEAR_RANGE,
        },
    )
    nation = forms.ChoiceField(
        label=gettext_lazy("Nation"),
        required=False,
        choices=[("", gettext_lazy("England and Wales")), *Yot.Nation.choices],
    )
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    qsort = forms.ChoiceField(
        required=False, widget=forms.HiddenInput, choices=[(s, s) for s in QUESTION_SORTS]
    )
    qdir = forms.ChoiceField(required=False, widget=forms.HiddenInput, choices=DIRECTIONS)
    ysort = forms.ChoiceField(
        required=False, widget=forms.HiddenInput, choices=[(s, s) for s in YOT_SORTS]
    )
    ydir = forms.ChoiceField(required=False, widget=forms.HiddenInput, choices=DIRECTIONS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        frameworks = sorted(known_frameworks().items(), reverse=True)
        framework = self.fields["framework"]
        region = self.fields["region"]
        assert isinstance(framework, forms.ChoiceField) and isinstance(region, forms.ChoiceField)
        framework.choices = [(key, f.label) for key, f in frameworks]
        region.choices = [("", gettext("All regions")), *filter_choices()["regions"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("year_from"), data.get("year_to")
        if start is not None and end is not None and start > end:
            self.add_error(
                "year_to", gettext("The last year must be the same as or after the first year")
            )
        return data
