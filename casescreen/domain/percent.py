"""Shares shown as whole percentages: the one rounding rule of every page and document."""

from __future__ import annotations

from fractions import Fraction
from math import floor


def whole_percent(share: Fraction) -> int:
    """A share of 0 to 1 as a whole percentage, rounded half up (1 of 8 is 13%), but
    never 100 unless the share is all nor 0 unless it is none (199 of 200 is 99%), so
    that a rounded figure never claims all or none when that is not so."""
    if not 0 <= share <= 1:
        raise ValueError(f"a share must be between 0 and 1, got {share}")
    value = floor(share * 100 + Fraction(1, 2))
    if share < 1:
        value = min(value, 99)
    if share > 0:
        value = max(value, 1)
    return value


def percent_text(share: Fraction) -> str:
    """``whole_percent`` as shown: "13%"."""
    return f"{whole_percent(share)}%"
