"""Accessible SVG charts drawn with matplotlib: a title inside the SVG, a text
alternative for the page, and the same numbers in a table beside each chart."""

from __future__ import annotations

import io
import threading
from functools import lru_cache
from html import escape

import matplotlib

from casescreen.lib.charting import data_uri  # noqa: F401 - and labels as plain text

matplotlib.use("Agg")

from django.utils.translation import gettext
from matplotlib.figure import Figure  # noqa: E402

from casescreen.programme.selectors import QuestionRow, YotRow  # noqa: E402

_LOCK = threading.Lock()  # matplotlib's text layout is not thread-safe


def _svg(figure: Figure, title: str, description: str) -> str:
    buffer = io.StringIO()
    with _LOCK, matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "casescreen"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    start = svg.index("<svg")
    end = svg.index(">", start)
    head = svg[start:end].replace("<svg", '<svg role="img" aria-labelledby="t d"', 1)
    labelled = (
        f'{head}><title id="t">{escape(title)}</title><desc id="d">{escape(description)}</desc>'
    )
    return svg[:start] + labelled + svg[end + 1 :]


def questions_chart(rows: list[QuestionRow], title: str, description: str) -> str:
    shown = [row for row in rows if row.pooled.interval is not None]
    labels = tuple(
        row.question.paragraph + " " + row.question.id.split("_", 2)[-1] for row in shown
    )
    shares = tuple(float(row.pooled.per_cent) for row in shown)
    lows = tuple(s - float(row.pooled.low) for s, row in zip(shares, shown, strict=True))
    highs = tuple(float(row.pooled.high) - s for s, row in zip(shares, shown, strict=True))
    return _questions_svg(labels, shares, lows, highs, title, description)


# Drawing takes longer than counting the figures, and the same figures are asked
# for again and again; the SVG depends only on these arguments, so a cache keyed
# by them can never show stale figures.
@lru_cache(maxsize=32)
def _questions_svg(
    labels: tuple[str, ...],
    shares: tuple[float, ...],
    lows: tuple[float, ...],
    highs: tuple[float, ...],
    title: str,
    description: str,
) -> str:
    height = 0.3 * max(len(labels), 1) + 1.2
    figure = Figure(figsize=(8, height))
    # Fixed margins: computing a tight layout would draw the chart twice.
    figure.subplots_adjust(left=0.36, right=0.97, top=1 - 0.5 / height, bottom=0.7 / height)
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    axes.barh(positions, shares, color="#1d70b8")
    axes.errorbar(
        shares, positions, xerr=[list(lows), list(highs)], fmt="none", ecolor="#0b0c0c", capsize=3
    )
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel(gettext("Judgements met (per cent), with 95% Wilson interval"))
    axes.set_title(title)
    return _svg(figure, title, description)


def reoffending_chart(rows: list[YotRow], title: str, description: str) -> str:
    points = tuple(
        (float(row.overall.per_cent), float(row.reoffending_rate))
        for row in rows
        if row.overall.share is not None and row.reoffending_rate is not None
    )
    return _reoffending_svg(points, title, description)


@lru_cache(maxsize=32)
def _reoffending_svg(points: tuple[tuple[float, float], ...], title: str, description: str) -> str:
    figure = Figure(figsize=(6, 4.5))
    figure.subplots_adjust(left=0.13, right=0.97, top=0.92, bottom=0.12)
    axes = figure.add_subplot()
    axes.scatter([x for x, _ in points], [y for _, y in points], color="#1d70b8", s=14)
    axes.set_xlabel(gettext("Judgements met at inspection (per cent)"))
    axes.set_ylabel(gettext("Proven reoffending rate (per cent)"))
    axes.set_title(title)
    return _svg(figure, title, description)


def clear_cache() -> None:
    """Forget the drawn charts (the benchmark times drawing them)."""
    _questions_svg.cache_clear()
    _reoffending_svg.cache_clear()
