"""matplotlib as every chart of the service uses it; chart modules import this first.

Chart labels come from imported data (a case list's ethnicity or sentence type, a YOT's
name). matplotlib reads text between dollar signs as maths and fails on a macro it does
not know, so one odd value in a case list could take a chart, its page or a report down:
every label is drawn as plain text, exactly as typed.
"""

from __future__ import annotations

import base64

import matplotlib

matplotlib.rcParams["text.parse_math"] = False


def data_uri(svg: str) -> str:
    """An SVG as the address of an image, for ``<img src>``."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
