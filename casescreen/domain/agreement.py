"""Agreement between two inspectors who judged the same cases blind (methodology §10).

A blind double assessment gives, for each question and each double-assessed case,
a pair of yes/no answers: the first assessor's and the second's. From those pairs:

- observed agreement, the share of pairs where both said the same, with a Wilson
  interval (``statistics.wilson_interval``);
- Cohen's kappa (Cohen 1960), observed agreement corrected for the agreement two
  assessors would reach by chance given how often each says yes, with the
  large-sample standard error of Fleiss, Cohen & Everitt (1969), the one
  ``statsmodels.stats.inter_rater.cohens_kappa`` reports as ``std_kappa``;
- Gwet's AC1 (Gwet 2008, "Computing inter-rater reliability and its variance in
  the presence of high agreement", BJMSP 61, 29-48), whose chance agreement stays
  small when nearly every answer is "yes", where kappa drops paradoxically, with
  Gwet's variance (his equation for two raters, sampling fraction taken as 0).

Kappa and AC1 intervals are the estimate plus or minus z standard errors, kept
within [-1, 1]. Below ``min_pairs`` pairs no number is given at all ("not enough
cases"): on a handful of cases the figures say more about chance than about
the inspectors. Estimates are exact fractions; only the intervals are floats.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import sqrt
from statistics import NormalDist

from casescreen.domain.statistics import wilson_interval

# A pair of answers to one question on one case: (first assessor said yes, second said yes).
Pair = tuple[bool, bool]

DEFAULT_MIN_PAIRS = 10


@dataclass(frozen=True)
class Table:
    """The 2x2 contingency table of the two assessors' answers (first assessor by row)."""

    yes_yes: int = 0
    yes_no: int = 0
    no_yes: int = 0
    no_no: int = 0

    @classmethod
    def of(cls, pairs: Iterable[Pair]) -> Table:
        counts = {(True, True): 0, (True, False): 0, (False, True): 0, (False, False): 0}
        for first, second in pairs:
            counts[(bool(first), bool(second))] += 1
        return cls(
            counts[(True, True)],
            counts[(True, False)],
            counts[(False, True)],
            counts[(False, False)],
        )

    def __add__(self, other: Table) -> Table:
        return Table(
            self.yes_yes + other.yes_yes,
            self.yes_no + other.yes_no,
            self.no_yes + other.no_yes,
            self.no_no + other.no_no,
        )

    @property
    def n(self) -> int:
        return self.yes_yes + self.yes_no + self.no_yes + self.no_no

    @property
    def agreements(self) -> int:
        return self.yes_yes + self.no_no

    @property
    def disagreements(self) -> int:
        return self.yes_no + self.no_yes

    def transposed(self) -> Table:
        """The same pairs with the two assessors' places swapped."""
        return Table(self.yes_yes, self.no_yes, self.yes_no, self.no_no)

    def rows(self) -> list[list[int]]:
        return [[self.yes_yes, self.yes_no], [self.no_yes, self.no_no]]


@dataclass(frozen=True)
class Estimate:
    value: Fraction
    low: float
    high: float
    # None for observed agreement, whose interval is Wilson's, not a standard error's.
    std_error: float | None = None


@dataclass(frozen=True)
class Agreement:
    """The statistics of one table; with ``enough`` False, the counts only."""

    table: Table
    min_pairs: int
    observed: Estimate | None = None
    # None when not enough pairs, or (kappa only) when undefined: both assessors gave
    # one and the same answer every time, so chance alone explains all agreement.
    kappa: Estimate | None = None
    ac1: Estimate | None = None

    @property
    def pairs(self) -> int:
        return self.table.n

    @property
    def enough(self) -> bool:
        return self.table.n >= self.min_pairs and self.table.n > 0


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence}")
    return NormalDist().inv_cdf(0.5 + 0.5 * confidence)


def _around(value: Fraction, std_error: float, z: float) -> Estimate:
    centre = float(value)
    return Estimate(
        value=value,
        low=max(-1.0, centre - z * std_error),
        high=min(1.0, centre + z * std_error),
        std_error=std_error,
    )


def _proportions(table: Table) -> tuple[list[list[Fraction]], list[Fraction], list[Fraction]]:
    n = table.n
    p = [[Fraction(cell, n) for cell in row] for row in table.rows()]
    first = [p[0][0] + p[0][1], p[1][0] + p[1][1]]
    second = [p[0][0] + p[1][0], p[0][1] + p[1][1]]
    return p, first, second


def cohens_kappa(table: Table, z: float) -> Estimate | None:
    """Cohen's kappa with the Fleiss-Cohen-Everitt (1969) large-sample standard error;
    None when chance agreement is 1 (kappa is 0/0)."""
    p, first, second = _proportions(table)
    observed = p[0][0] + p[1][1]
    chance = first[0] * second[0] + first[1] * second[1]
    if chance == 1:
        return None
    kappa = (observed - chance) / (1 - chance)
    diagonal = sum(p[i][i] * (1 - (first[i] + second[i]) * (1 - kappa)) ** 2 for i in range(2))
    off = (1 - kappa) ** 2 * sum(
        p[i][j] * (second[i] + first[j]) ** 2 for i in range(2) for j in range(2) if i != j
    )
    variance = (diagonal + off - (kappa - chance * (1 - kappa)) ** 2) / (
        (1 - chance) ** 2 * table.n
    )
    return _around(kappa, sqrt(max(0.0, float(variance))), z)


def gwet_ac1(table: Table, z: float) -> Estimate:
    """Gwet's AC1 for two raters and two categories, with Gwet's (2008) variance.

    Chance agreement is ``sum_k pi_k (1 - pi_k) / (q - 1)`` over the q = 2 categories,
    ``pi_k`` the mean of the two assessors' shares of answer k; it is at most 1/2, so
    AC1 is always defined.
    """
    p, first, second = _proportions(table)
    observed = p[0][0] + p[1][1]
    pi = [(first[k] + second[k]) / 2 for k in range(2)]
    chance = sum(pi[k] * (1 - pi[k]) for k in range(2))
    ac1 = (observed - chance) / (1 - chance)
    middle = sum(p[k][k] * (1 - pi[k]) for k in range(2)) - observed * chance
    last = (
        sum(p[k][m] * (1 - (pi[k] + pi[m]) / 2) ** 2 for k in range(2) for m in range(2))
        - chance**2
    )
    variance = (observed * (1 - observed) - 4 * (1 - ac1) * middle + 4 * (1 - ac1) ** 2 * last) / (
        table.n * (1 - chance) ** 2
    )
    return _around(ac1, sqrt(max(0.0, float(variance))), z)


def table_agreement(
    table: Table, *, min_pairs: int = DEFAULT_MIN_PAIRS, confidence: float = 0.95
) -> Agreement:
    """The statistics of one table, or its counts only below ``min_pairs`` pairs."""
    if min_pairs < 1:
        raise ValueError(f"the least number of pairs must be at least 1, got {min_pairs}")
    z = _z(confidence)
    result = Agreement(table=table, min_pairs=min_pairs)
    if not result.enough:
        return result
    low, high = wilson_interval(table.agreements, table.n, confidence)
    observed = Estimate(Fraction(table.agreements, table.n), low, high)
    return Agreement(
        table=table,
        min_pairs=min_pairs,
        observed=observed,
        kappa=cohens_kappa(table, z),
        ac1=gwet_ac1(table, z),
    )


def agreement(
    pairs: Iterable[Pair], *, min_pairs: int = DEFAULT_MIN_PAIRS, confidence: float = 0.95
) -> Agreement:
    return table_agreement(Table.of(pairs), min_pairs=min_pairs, confidence=confidence)


@dataclass(frozen=True)
class AgreementReport:
    """Agreement per question (in the order given) and over all questions pooled."""

    questions: dict[str, Agreement]
    overall: Agreement


def agreement_by_question(
    pairs: Mapping[str, Sequence[Pair]],
    *,
    min_pairs: int = DEFAULT_MIN_PAIRS,
    confidence: float = 0.95,
) -> AgreementReport:
    """Per question, and pooled: every pair of every question in one table.

    The pooled pairs are not independent (one case gives a pair for each question),
    so the pooled interval is narrower than it should be; it is a summary, and the
    per-question figures are the ones to act on.
    """
    tables = {question: Table.of(given) for question, given in pairs.items()}
    pooled = sum(tables.values(), Table())
    return AgreementReport(
        questions={
            question: table_agreement(table, min_pairs=min_pairs, confidence=confidence)
            for question, table in tables.items()
        },
        overall=table_agreement(pooled, min_pairs=min_pairs, confidence=confidence),
    )
