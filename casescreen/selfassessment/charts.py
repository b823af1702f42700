"""The trend of a self-assessment's standards as SVG line charts; the page puts the same
figures in a table beside each chart."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.utils.translation import gettext as _
from matplotlib.figure import Figure as MplFigure

from casescreen.lib.charting import data_uri
from casescreen.reports.charts import figure_svg
from casescreen.selfassessment.comparison import Comparison, Standard

# Percentages, None where a figure is not shown (no case, or too few).
Points = tuple[int | None, ...]
CHART_SECONDS = 7 * 24 * 3600


def standard_chart(result: Comparison, standard: Standard) -> str:
    """The standard's pooled figure at each self-assessment, oldest first, with the last
    inspection and the national figure as reference lines, as an SVG data address."""
    trend = result.trend_columns
    figures = standard.pooled.figures
    references = tuple(
        (column.label, figures[i].percent)
        for i, column in enumerate(result.columns)
        if column.kind != "self_assessment"
    )
    svg = _svg(
        tuple(result.columns[i].label for i in trend),
        tuple(figures[i].percent for i in trend),
        references,
    )
    return data_uri(svg)


def chart_alt(result: Comparison, standard: Standard) -> str:
    """The text alternative: what the chart shows, point by point."""
    figures = standard.pooled.figures
    points = "; ".join(
        f"{column.label}: {figures[i].text}" for i, column in enumerate(result.columns)
    )
    return _(
        "Line chart of the share of applicable judgements met in standard %(id)s"
        " %(title)s, at each self-assessment. %(points)s."
    ) % {"id": standard.id, "title": standard.title, "points": points}


def _svg(
    labels: tuple[str, ...], points: Points, references: tuple[tuple[str, int | None], ...]
) -> str:
    """Drawing takes tens of milliseconds a chart, counting the figures a few; the figures
    change only when an assessment is completed. So each drawing is kept in the cache the
    workers share, under its data and its words in the page's language (the SVG depends on
    nothing else, so it is never stale)."""
    words = (_("Self-assessments"), _("Judgements met"))
    key = (
        "selfassessment-trend:"
        + hashlib.sha256(repr((words, labels, points, references)).encode()).hexdigest()
    )
    svg = cache.get(key)
    if svg is None:
        svg = _draw(labels, points, references, words)
        cache.set(key, svg, CHART_SECONDS)
    return str(svg)


def _draw(
    labels: tuple[str, ...],
    points: Points,
    references: tuple[tuple[str, int | None], ...],
    words: tuple[str, str],
) -> str:
    legend, axis = words

    def build() -> MplFigure:
        figure = MplFigure(figsize=(6.3, 2.6))
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        shown = [(x, y) for x, y in zip(positions, points, strict=True) if y is not None]
        if shown:
            xs, ys = zip(*shown, strict=True)
            axes.plot(xs, ys, color="#1d70b8", marker="o", label=legend)
            for x, y in shown:
                axes.annotate(
                    f"{y}%", (x, y), textcoords="offset points", xytext=(0, 6), ha="center"
                )
        styles = ("--", ":")
        for (label, value), style in zip(references, styles, strict=False):
            if value is not None:
                axes.axhline(value, color="#505a5f", linestyle=style, label=f"{label}: {value}%")
        axes.set_xticks(positions, labels)
        axes.set_xlim(-0.5, max(len(labels) - 0.5, 0.5))
        axes.set_ylim(0, 105)
        axes.set_yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        axes.set_ylabel(axis)
        axes.spines[["top", "right"]].set_visible(False)
        if axes.get_legend_handles_labels()[0]:
            axes.legend(loc="lower left", frameon=False)
        figure.tight_layout()
        return figure

    return figure_svg(build)
