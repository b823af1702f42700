from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casescreen.cases.importing import MAX_BYTES
from casescreen.inspections.models import Yot
from casescreen.lib.forms import CharacterCount
from casescreen.reoffending.models import ReoffendingFigure


class FiguresUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a proven reoffending table"),
        help_text=_(
            "Columns: area (YOT name or England and Wales), series (12-month or 3-month), "
            "cohort start, cohort end, cohort, offenders, reoffenders, reoffences, rate, "
            "published."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": _("Select a CSV or XLSX file to upload")},
    )

    def clean_file(self) -> Any:
        # The file is read whole to be previewed: the case list's limit, far above any table.
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                gettext("The file must be smaller than %(value)s MB")
                % {"value": MAX_BYTES // 1024 // 1024}
            )
        return upload


class FiguresConfirmForm(forms.Form):
    token = forms.CharField(max_length=64)


class _FigureChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return gettext("%(cohort)s (%(series)s): %(rate)s%%, published %(date)s") % {
            "cohort": obj.cohort_label,
            "series": obj.get_series_display(),
            "rate": obj.rate,
            "date": date_format(obj.published_on, "j F Y"),
        }


REASON_MAX_CHARS = 1000


class ReoffendingChoiceForm(forms.Form):
    """Figures chosen by hand for an inspection, from those held, with the reason."""

    figure = _FigureChoice(
        queryset=ReoffendingFigure.objects.none(),
        label=_("The YOT's rate"),
        error_messages={
            "required": _("Select the YOT's figure to quote"),
            "invalid_choice": _("Select the YOT's figure from the list"),
        },
    )
    previous = _FigureChoice(
        queryset=ReoffendingFigure.objects.none(),
        required=False,
        empty_label=_("No previous-year figure"),
        label=_("The YOT's previous-year rate"),
        error_messages={"invalid_choice": _("Select the previous-year figure from the list")},
    )
    national = _FigureChoice(
        queryset=ReoffendingFigure.objects.none(),
        label=_("The England and Wales average"),
        error_messages={
            "required": _("Select the England and Wales figure to quote"),
            "invalid_choice": _("Select the England and Wales figure from the list"),
        },
    )
    reason = forms.CharField(
        label=_("Why these figures rather than the automatic choice"),
        max_length=REASON_MAX_CHARS,
        widget=CharacterCount(attrs={"rows": 3}),
        error_messages={
            "required": _("Give a reason for choosing figures other than the automatic ones"),
            "max_length": format_lazy(
                _("The reason must be {max} characters or fewer"), max=REASON_MAX_CHARS
            ),
        },
    )

    def __init__(self, *args: Any, yot: Yot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own = ReoffendingFigure.objects.filter(area=yot).order_by("series", "-cohort_start")
        self.own_figures = own
        national = ReoffendingFigure.objects.filter(area=None).order_by("series", "-cohort_start")
        for name, queryset in (("figure", own), ("previous", own), ("national", national)):
            cast(_FigureChoice, self.fields[name]).queryset = queryset
