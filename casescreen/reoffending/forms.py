from __future__ import annotations

from typing import Any, cast

from django import forms

from casescreen.inspections.models import Yot
from casescreen.lib.forms import CharacterCount
from casescreen.reoffending.models import ReoffendingFigure


class FiguresUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a proven reoffending table",
        help_text=(
            "Columns: area (YOT name or England and Wales), series (12-month or 3-month), "
            "cohort start, cohort end, cohort, offenders, reoffenders, reoffences, rate, "
            "published."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": "Select a CSV or XLSX file to upload"},
    )


class FiguresConfirmForm(forms.Form):
    token = forms.CharField(max_length=64)


class _FigureChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return (
            f"{obj.cohort_label} ({obj.get_series_display()}): {obj.rate}%, "
            f"published {obj.published_on:%-d %B %Y}"
        )


REASON_MAX_CHARS = 1000


class ReoffendingChoiceForm(forms.Form):
    """Figures chosen by hand for an inspection, from those held, with the reason."""

    figure = _FigureChoice(
        queryset=ReoffendingFigure.objects.none(),
        label="The YOT's rate",
        error_messages={
            "required": "Select the YOT's figure to quote",
            "invalid_choice": "Select the YOT's figure from the list",
        },
    )
    previous = _FigureChoice(
        queryset=ReoffendingFigure.objects.none(),
        required=False,
        empty_label="No previous-year figure",
        label="The YOT's previous-year rate",
        error_messages={"invalid_choice": "Select the previous-year figure from the list"},
    )
    national = _FigureChoice(
        queryset=ReoffendingFigure.objects.none(),
        label="The England and Wales average",
        error_messages={
            "required": "Select the England and Wales figure to quote",
            "invalid_choice": "Select the England and Wales figure from the list",
        },
    )
    reason = forms.CharField(
        label="Why these figures rather than the automatic choice",
        max_length=REASON_MAX_CHARS,
        widget=CharacterCount(attrs={"rows": 3}),
        error_messages={
            "required": "Give a reason for choosing figures other than the automatic ones",
            "max_length": f"The reason must be {REASON_MAX_CHARS} characters or fewer",
        },
    )

    def __init__(self, *args: Any, yot: Yot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own = ReoffendingFigure.objects.filter(area=yot).order_by("series", "-cohort_start")
        self.own_figures = own
        national = ReoffendingFigure.objects.filter(area=None).order_by("series", "-cohort_start")
        for name, queryset in (("figure", own), ("previous", own), ("national", national)):
            cast(_FigureChoice, self.fields[name]).queryset = queryset
