"""Annex charts: the share of cases meeting each judgement, with its Wilson interval, as SVG
(and PNG for Word).

Drawn with matplotlib's object API (no global pyplot state) and with a fixed
hash salt and no date in the metadata, so the same data always gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import matplotlib
from django.utils.translation import gettext as _

import casescreen.lib.charting  # noqa: F401 - labels as plain text

matplotlib.use("svg")

from matplotlib import rc_context  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402


def chart_alt(theme: dict[str, Any]) -> str:
    """The text alternative: what the chart shows, row by row."""
    rows = [r for r in theme["rows"] if not r["suppressed"]]
    parts = [
        _("%(paragraph)s %(label)s: %(met)s of %(applicable)s (%(share)s)")
        % {
            "paragraph": r["paragraph"],
            "label": r["label"],
            "met": r["met"],
            "applicable": r["applicable"],
            "share": r["share"],
        }
        for r in rows
    ]
    return _(
        "Bar chart of the share of cases meeting each judgement for %(title)s, "
        "with 95%% Wilson intervals. %(rows)s."
    ) % {"title": theme["title"], "rows": "; ".join(parts)}


def _figure(theme: dict[str, Any]) -> Figure:
    rows = [r for r in theme["rows"] if not r["suppressed"]]
    labels = _labels(rows)
    shares = [r["met"] / r["applicable"] for r in rows]
    low = [s - r["low"] for s, r in zip(shares, rows, strict=True)]
    high = [r["high"] - s for s, r in zip(shares, rows, strict=True)]
    figure = Figure(figsize=(6.3, 0.35 * max(len(rows), 1) + 0.9))
    axes = figure.add_subplot()
    positions = list(range(len(rows)))[::-1]
    axes.barh(positions, shares, color="#1d70b8", xerr=[low, high], ecolor="#0b0c0c", capsize=3)
    axes.set_yticks(positions, labels)
    axes.set_xlim(0, 1)
    axes.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0%", "25%", "50%", "75%", "100%"])
    axes.set_xlabel(
        _("Share of applicable cases meeting the judgement (%(level)s interval)") % {"level": "95%"}
    )
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


def figure_svg(build: Callable[[], Figure]) -> str:
    """The figure ``build`` draws, as SVG whose bytes depend on the data only."""
    with rc_context({"svg.hashsalt": "casescreen", "svg.fonttype": "none", "font.size": 8}):
        buffer = io.StringIO()
        build().savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def theme_chart_svg(theme: dict[str, Any]) -> str:
    return figure_svg(lambda: _figure(theme))


def theme_chart_png(theme: dict[str, Any]) -> bytes:
    """The same chart as a bitmap, for Word, which cannot show SVG pictures."""
    with rc_context({"font.size": 8}):
        buffer = io.BytesIO()
        _figure(theme).savefig(buffer, format="png", dpi=200, metadata={"Software": None})
    return buffer.getvalue()


def _labels(rows: list[dict[str, Any]]) -> list[str]:
    """Paragraph numbers, lettered where a paragraph has several judgements (1.6a, 1.6b).

    The full wording is in the table of counts next to the chart.
    """
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["paragraph"]] = counts.get(row["paragraph"], 0) + 1
    seen: dict[str, int] = {}
    labels = []
    for row in rows:
        paragraph = row["paragraph"]
        seen[paragraph] = seen.get(paragraph, 0) + 1
        suffix = "abcdefghij"[seen[paragraph] - 1] if counts[paragraph] > 1 else ""
        labels.append(f"{paragraph}{suffix}")
    return labels


def row_labels(theme: dict[str, Any]) -> list[str]:
    return _labels([r for r in theme["rows"] if not r["suppressed"]])
