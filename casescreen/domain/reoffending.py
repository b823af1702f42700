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
    versus_previous: Verdict | None
    versus_national: Verdict
    sentence: str


def _published(rate: Decimal) -> Decimal:
    if not rate.is_finite() or not Decimal(0) <= rate <= Decimal(100):
        raise ValueError(f"a rate must be a percentage between 0 and 100, got {rate}")
    return rate.quantize(_PUBLISHED, rounding=ROUND_HALF_UP)


def _verdict(rate: Decimal, other: Decimal) -> Verdict:
    if rate == other:
        return "the same"
    return "better" if rate < other else "worse"


def _phrase(verdict: Verdict, subject: str) -> str:
    return f"the same as {subject}" if verdict == "the same" else f"{verdict} than {subject}"


def compare_rates(rate: Decimal, national: Decimal, previous: Decimal | None) -> RateComparison:
    """Compare ``rate`` with ``previous`` and ``national`` (lower is better; see module rule).

    The sentence continues "This was ...". Clauses are joined by "but" only when one
    comparison is better and the other worse, otherwise by "and".
    """
    ours = _published(rate)
    average = _published(national)
    versus_national = _verdict(ours, average)
    national_clause = _phrase(versus_national, f"the England and Wales average of {average}%")
    if previous is None:
        return RateComparison(None, versus_national, national_clause)
    versus_previous = _verdict(ours, _published(previous))
    joiner = "but" if {versus_previous, versus_national} == {"better", "worse"} else "and"
    sentence = f"{_phrase(versus_previous, 'the previous year')} {joiner} {national_clause}"
    return RateComparison(versus_previous, versus_national, sentence)
