"""Reads of published reoffending figures."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casescreen.domain.reoffending import RateComparison, compare_rates
from casescreen.inspections.models import Inspection, Yot
from casescreen.reoffending.models import ReoffendingFigure, Series


class ReoffendingError(ValueError):
    """Figures are missing or cannot be used together; the message says which and why."""


class SeriesMismatchError(ReoffendingError):
    """Rates from the 12-month and the 3-month cohort series were put side by side."""


@dataclass(frozen=True)
class ChosenFigures:
    figure: ReoffendingFigure
    previous: ReoffendingFigure | None
    national: ReoffendingFigure


def check_same_series(*figures: ReoffendingFigure | None) -> None:
    """Refuse to compare rates across the October 2017 change of method."""
    present = [figure for figure in figures if figure is not None]
    series = {figure.series for figure in present}
    if len(series) > 1:
        named = "; ".join(
            _("%(area)s %(cohort)s is %(series)s")
            % {
                "area": figure.area_name,
                "cohort": figure.cohort_label,
                "series": figure.get_series_display(),
            }
            for figure in present
        )
        raise SeriesMismatchError(
            _(
                "Rates from different cohort series cannot be compared: in October 2017 the "
                "Ministry of Justice moved from 12-month to 3-month cohorts, which gives higher "
                "rates. Choose figures from one series (%(named)s)."
            )
            % {"named": named}
        )


def figures_published_before(
    area: Yot | None, series: str, before: object
) -> QuerySet[ReoffendingFigure]:
    """Figures of an area (None: England and Wales) published before a date, newest cohort first."""
    return ReoffendingFigure.objects.filter(
        area=area, series=series, published_on__lt=before
    ).order_by("-cohort_end", "-published_on")


def is_a_year_before(previous: ReoffendingFigure, figure: ReoffendingFigure) -> bool:
    """Whether ``previous`` is the same area's cohort a year before ``figure``'s, in the same
    series: what the report calls "the previous year". For a 3-month cohort that is the
    same quarter a year earlier, not the quarter before."""
    return (previous.area_id, previous.series) == (figure.area_id, figure.series) and all(
        (earlier.year, earlier.month) == (later.year - 1, later.month)
        for earlier, later in (
            (previous.cohort_start, figure.cohort_start),
            (previous.cohort_end, figure.cohort_end),
        )
    )


def previous_figure(figure: ReoffendingFigure, before: object) -> ReoffendingFigure | None:
    """The cohort a year before this one (``is_a_year_before``), published before a date;
    an older cohort is not quoted as one. An area has a few dozen figures in a series."""
    held = ReoffendingFigure.objects.filter(
        area_id=figure.area_id, series=figure.series, published_on__lt=before
    )
    return next((f for f in held if is_a_year_before(f, figure)), None)


def national_figure(figure: ReoffendingFigure) -> ReoffendingFigure | None:
    """England and Wales for the same cohort and series."""
    return ReoffendingFigure.objects.filter(
        area=None,
        series=figure.series,
        cohort_start=figure.cohort_start,
        cohort_end=figure.cohort_end,
    ).first()


def latest_series(area: Yot | None, before: object) -> str:
    """The series of the area's figure published last before a date: after October 2017
    the 3-month series supersedes the 12-month one, whose older figures stay held."""
    latest = (
        ReoffendingFigure.objects.filter(area=area, published_on__lt=before)
        .order_by("-published_on", "-cohort_end")
        .values_list("series", flat=True)
        .first()
    )
    return latest or Series.TWELVE_MONTH


def figures_for_inspection(inspection: Inspection) -> ChosenFigures:
    """The figures a report quotes: the YOT's latest cohort published before fieldwork
    started (in the series published last), its cohort a year before, and England and
    Wales for the same cohort."""
    start = inspection.fieldwork_start
    series = latest_series(inspection.yot, start)
    figure = figures_published_before(inspection.yot, series, start).first()
    if figure is None:
        raise ReoffendingError(
            _(
                "No %(series)s reoffending figure for %(yot)s was published before fieldwork "
                "started on %(start)s. Import the Ministry of Justice table first."
            )
            % {
                "series": Series(series).label,
                "yot": inspection.yot.name,
                "start": date_format(start, "j F Y"),
            }
        )
    national = national_figure(figure)
    if national is None or national.published_on >= start:
        raise ReoffendingError(
            _(
                "No England and Wales figure for the %(cohort)s cohort (%(series)s) was "
                "published before %(start)s."
            )
            % {
                "cohort": figure.cohort_label,
                "series": Series(series).label,
                "start": date_format(start, "j F Y"),
            }
        )
    return ChosenFigures(figure=figure, previous=previous_figure(figure, start), national=national)


def yot_figures(yot: Yot) -> QuerySet[ReoffendingFigure]:
    return ReoffendingFigure.objects.filter(area=yot).order_by("series", "cohort_start")


def quoted_comparison(inspection: Inspection) -> RateComparison | None:
    """How the rates the inspection quotes compare (the report's summary sentence), or
    None while it quotes no rate or no England and Wales average."""
    if inspection.reoffending_rate is None or inspection.reoffending_national_rate is None:
        return None
    return compare_rates(
        inspection.reoffending_rate,
        inspection.reoffending_national_rate,
        inspection.reoffending_previous_rate,
    )
