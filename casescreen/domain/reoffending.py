"""Comparison of a YOT's proven reoffending rate with its previous year and England and Wales.

Rule: lower is better. Two rates are "the same" when they are equal once both are
rounded (half up) to one decimal place, the precision at which the Ministry of
Justice publishes binary reoffending rates; a difference the publication cannot
show is not reported as a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Verdict = Literal["better", "worse", "the same"]

_PUBLISHED = Decimal("0.1")


@dataclass(frozen=True)
class RateComparison:
    """The verdicts only: the words that state them are the language's
    (``casescreen.reoffending.wording``)."""

    versus_previous: Verdict | None
    versus_national: Verdict
    # The England and Wales average as published (one decimal place).
    national: Decimal

    @property
    def contrast(self) -> bool:
        """Whether the two comparisons point opposite ways (joined by "but", else "and")."""
        return {self.versus_previous, self.versus_national} == {"better", "worse"}


def _published(rate: Decimal) -> Decimal:
    if not rate.is_finite() or not Decimal(0) <= rate <= Decimal(100):
        raise ValueError(f"a rate must be a percentage between 0 and 100, got {rate}")
    return rate.quantize(_PUBLISHED, rounding=ROUND_HALF_UP)


def _verdict(rate: Decimal, other: Decimal) -> Verdict:
    if rate == other:
        return "the same"
    return "better" if rate < other else "worse"


def compare_rates(rate: Decimal, national: Decimal, previous: Decimal | None) -> RateComparison:
    """Compare ``rate`` with ``previous`` and ``national`` (lower is better; see module rule)."""
    ours = _published(rate)
    average = _published(national)
    versus_national = _verdict(ours, average)
    versus_previous = None if previous is None else _verdict(ours, _published(previous))
    return RateComparison(versus_previous, versus_national, average)
