"""A small SVG chart of the sample's profile against the eligible population."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from html import escape

import matplotlib

import casescreen.lib.charting  # noqa: F401 - labels as plain text

matplotlib.use("Agg")

from django.utils.translation import gettext, gettext_lazy
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from casescreen.sampling.selectors import ProfileLine  # noqa: E402

TITLE = gettext_lazy("Sample compared with eligible cases, per cent of each")


def profile_chart_svg(lines: Sequence[ProfileLine], description: str) -> str:
    """Horizontal paired bars (eligible, sample) per value; the SVG carries a <title> and
    <desc> so it is announced, and the page shows the same figures as a table."""
    labels = [f"{line.dimension}: {line.value}" for line in lines]
    eligible = [float(line.eligible_share * 100) for line in lines]
    sample = [float(line.sample_share * 100) for line in lines]
    height = max(2.0, 0.32 * len(lines) + 1.0)
    with plt.rc_context({"svg.hashsalt": "casescreen", "svg.fonttype": "none"}):
        figure = Figure(figsize=(7.5, height))
        axes = figure.add_subplot()
        positions = range(len(lines))
        axes.barh(
            [p + 0.2 for p in positions], eligible, 0.4, label=gettext("Eligible"), color="#505a5f"
        )
        axes.barh(
            [p - 0.2 for p in positions], sample, 0.4, label=gettext("Sample"), color="#1d70b8"
        )
        axes.set_yticks(list(positions), labels, fontsize=8)
        axes.invert_yaxis()
        axes.set_xlim(0, 100)
        axes.set_xlabel(gettext("Per cent"))
        axes.legend(loc="lower right", fontsize=8)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    head = re.search(r"<svg[^>]*>", svg)
    if head is None:
        return svg
    opening = head.group(0).replace(
        "<svg", '<svg role="img" aria-labelledby="chart-title chart-desc"', 1
    )
    return (
        svg[: head.start()]
        + opening
        + f'<title id="chart-title">{escape(str(TITLE))}</title>'
        + f'<desc id="chart-desc">{escape(description)}</desc>'
        + svg[head.end() :]
    )
