"""Annex charts: the share of cases meeting each judgement, with its Wilson interval, as SVG.

Drawn with matplotlib's object API (no global pyplot state) and with a fixed
hash salt and no date in the metadata, so the same data always gives the same bytes.
"""

from __future__ import annotations

import io
from typing import Any

import matplotlib

matplotlib.use("svg")

from matplotlib import rc_context  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402


def chart_alt(theme: dict[str, Any]) -> str:
    """The text alternative: what the chart shows, row by row."""
    rows = [r for r in theme["rows"] if not r["suppressed"]]
    parts = [
        f"{r['paragraph']} {r['label']}: {r['met']} of {r['applicable']} ({r['share']})"
        for r in rows
    ]
    return (
        f"Bar chart of the share of cases meeting each judgement for {theme['title']}, "
        "with 95% Wilson intervals. " + "; ".join(parts) + "."
    )


def theme_chart_svg(theme: dict[str, Any]) -> str:
    rows = [r for r in theme["rows"] if not r["suppressed"]]
    labels = [f"{r['paragraph']} {r['label'][:48]}" for r in rows]
    shares = [r["met"] / r["applicable"] for r in rows]
    low = [s - r["low"] for s, r in zip(shares, rows, strict=True)]
    high = [r["high"] - s for s, r in zip(shares, rows, strict=True)]
    with rc_context({"svg.hashsalt": "casescreen", "svg.fonttype": "none", "font.size": 8}):
        figure = Figure(figsize=(6.3, 0.45 * max(len(rows), 1) + 0.8))
        axes = figure.add_subplot()
        positions = list(range(len(rows)))[::-1]
        axes.barh(positions, shares, color="#1d70b8", xerr=[low, high], ecolor="#0b0c0c", capsize=3)
        axes.set_yticks(positions, labels)
        axes.set_xlim(0, 1)
        axes.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0%", "25%", "50%", "75%", "100%"])
        axes.set_xlabel("Share of applicable cases meeting the judgement (95% Wilson interval)")
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()
