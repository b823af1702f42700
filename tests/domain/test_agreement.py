from __future__ import annotations

from fractions import Fraction
from math import isnan, sqrt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.inter_rater import cohens_kappa as statsmodels_kappa

from casescreen.domain.agreement import (
    Table,
    agreement,
    agreement_by_question,
    table_agreement,
)

tables = st.builds(
    Table,
    st.integers(0, 60),
    st.integers(0, 60),
    st.integers(0, 60),
    st.integers(0, 60),
).filter(lambda t: t.n >= 10)


@pytest.mark.parametrize(
    ("table", "observed", "kappa", "ac1"),
    [
        # Every answer agrees, both categories used: 1 throughout.
        (Table(6, 0, 0, 6), Fraction(1), Fraction(1), Fraction(1)),
        # Every answer "yes" by both: kappa is 0/0, AC1 is 1.
        (Table(12, 0, 0, 0), Fraction(1), None, Fraction(1)),
        # Always opposite: as far from agreement as can be.
        (Table(0, 5, 5, 0), Fraction(0), Fraction(-1), Fraction(-1)),
        # Half agree, answers spread evenly: no better than chance.
        (Table(5, 5, 5, 5), Fraction(1, 2), Fraction(0), Fraction(0)),
        # po 17/20; kappa's pe 1/2; AC1's pi+ 19/40, pe 399/800.
        (Table(40, 5, 10, 45), Fraction(17, 20), Fraction(7, 10), Fraction(281, 401)),
    ],
)
def test_statistics_of_known_tables(
    table: Table, observed: Fraction, kappa: Fraction | None, ac1: Fraction
) -> None:
    result = table_agreement(table)
    assert result.observed is not None and result.ac1 is not None
    assert result.observed.value == observed
    assert (result.kappa.value if result.kappa else None) == kappa
    assert result.ac1.value == ac1


def test_ac1_by_hand_in_the_high_agreement_paradox() -> None:
    """The paradox Gwet (2008, BJMSP 61, 29-48) sets out to resolve: 118 of 125 pairs alike,
    yet kappa below zero. Worked by hand from his definitions for two raters: pa = 118/125;
    pi+ = (123/125 + 120/125)/2 = 243/250; pe = 2 pi+ (1 - pi+) = 1701/31250;
    AC1 = (pa - pe)/(1 - pe) = 27799/29549, about 0.9408.
    """
    result = table_agreement(Table(118, 5, 2, 0))
    assert result.ac1 is not None and result.kappa is not None
    assert result.ac1.value == Fraction(27799, 29549)
    assert float(result.ac1.value) == pytest.approx(0.9408, abs=5e-5)
    assert result.kappa.value < 0


def _gwet_variance_other_form(table: Table) -> float:
    """Gwet's AC1 variance written as in the ``rel`` package's ``gac`` (sum over cells of
    p_kl (w_kl - 2 (1 - g) (1 - (pi_k + pi_l) / 2))^2 minus (pa - 2 (1 - g) pe)^2), an
    algebraically equal form of his equation for two raters."""
    n = table.n
    p = [[cell / n for cell in row] for row in table.rows()]
    marg = [(p[k][0] + p[k][1] + p[0][k] + p[1][k]) / 2 for k in range(2)]
    pa = p[0][0] + p[1][1]
    pe = sum(m * (1 - m) for m in marg)
    g = (pa - pe) / (1 - pe)
    wmat = sum(
        p[k][m] * ((1 if k == m else 0) - 2 * (1 - g) * (1 - (marg[k] + marg[m]) / 2)) ** 2
        for k in range(2)
        for m in range(2)
    )
    return (wmat - (pa - 2 * (1 - g) * pe) ** 2) / (n * (1 - pe) ** 2)


@given(tables)
def test_ac1_standard_error_matches_the_other_form_of_gwets_variance(table: Table) -> None:
    result = table_agreement(table)
    assert result.ac1 is not None and result.ac1.std_error is not None
    expected = sqrt(max(0.0, _gwet_variance_other_form(table)))
    assert result.ac1.std_error == pytest.approx(expected, abs=1e-9)


@given(tables)
def test_kappa_matches_statsmodels(table: Table) -> None:
    result = table_agreement(table)
    if result.kappa is None:
        # statsmodels divides 0 by 0 here: both assessors gave the same single answer.
        assert table.yes_yes == table.n or table.no_no == table.n
        return
    reference = statsmodels_kappa(table.rows())
    assert float(result.kappa.value) == pytest.approx(reference.kappa, abs=1e-9)
    one_answer = table.yes_yes + table.yes_no in (0, table.n) or (
        table.yes_yes + table.no_yes in (0, table.n)
    )
    if one_answer:
        # One assessor gave one answer throughout: kappa is 0 whatever the other answered,
        # so its error is exactly 0, as the formula gives; statsmodels computes it as 0/0
        # (nan) or as the square root of a rounding error (about 1e-8).
        assert isnan(reference.std_kappa) or reference.std_kappa < 1e-6
        assert result.kappa.value == 0 and result.kappa.std_error == 0
        return
    assert result.kappa.std_error == pytest.approx(reference.std_kappa, abs=1e-9)
    assert result.kappa.low == pytest.approx(max(-1.0, reference.kappa_low), abs=1e-9)
    assert result.kappa.high == pytest.approx(min(1.0, reference.kappa_upp), abs=1e-9)


@given(tables)
def test_statistics_stay_within_their_bounds(table: Table) -> None:
    result = table_agreement(table)
    assert result.observed is not None and result.ac1 is not None
    assert 0 <= result.observed.low <= result.observed.value <= result.observed.high <= 1
    for estimate in (result.kappa, result.ac1):
        if estimate is not None:
            assert -1 <= estimate.low <= estimate.value <= estimate.high <= 1


@given(tables)
def test_statistics_are_symmetric_in_the_two_assessors(table: Table) -> None:
    one, other = table_agreement(table), table_agreement(table.transposed())
    assert one.observed == other.observed
    assert one.ac1 is not None and other.ac1 is not None
    assert one.ac1.value == other.ac1.value
    assert one.ac1.std_error == pytest.approx(other.ac1.std_error, abs=1e-12)
    if one.kappa is None:
        assert other.kappa is None
    else:
        assert other.kappa is not None
        assert one.kappa.value == other.kappa.value
        assert one.kappa.std_error == pytest.approx(other.kappa.std_error, abs=1e-12)


@given(st.integers(0, 50), st.integers(0, 50))
def test_perfect_agreement_gives_one_where_defined(yes: int, no: int) -> None:
    table = Table(yes, 0, 0, no)
    result = table_agreement(table, min_pairs=1)
    if table.n == 0:
        assert not result.enough
        return
    assert result.observed is not None and result.ac1 is not None
    assert result.observed.value == 1 and result.ac1.value == 1
    if yes and no:
        assert result.kappa is not None and result.kappa.value == 1
    else:
        assert result.kappa is None


@pytest.mark.parametrize(("pairs", "enough"), [(0, False), (1, False), (9, False), (10, True)])
def test_not_enough_cases_gives_no_numbers(pairs: int, enough: bool) -> None:
    result = agreement([(True, True)] * pairs)
    assert result.enough is enough
    assert result.pairs == pairs
    if not enough:
        assert (result.observed, result.kappa, result.ac1) == (None, None, None)


def test_the_least_number_of_pairs_is_a_parameter() -> None:
    assert agreement([(True, False)] * 3, min_pairs=3).enough
    with pytest.raises(ValueError, match="at least 1"):
        agreement([], min_pairs=0)


def test_overall_pools_every_question() -> None:
    report = agreement_by_question(
        {
            "q1": [(True, True)] * 6 + [(True, False)],
            "q2": [(False, False)] * 3 + [(False, True)] * 2,
        },
        min_pairs=6,
    )
    assert list(report.questions) == ["q1", "q2"]
    assert report.questions["q1"].table == Table(6, 1, 0, 0)
    assert report.questions["q1"].enough and not report.questions["q2"].enough
    assert report.overall.table == Table(6, 1, 2, 3)
    assert report.overall.observed is not None
    assert report.overall.observed.value == Fraction(9, 12)
