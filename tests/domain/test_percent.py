"""One rounding rule for every percentage the app shows."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casescreen.domain.percent import percent_text, whole_percent
from casescreen.domain.quantifiers import PERCENT, describe


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [
        (0, 8, "0%"),
        (1, 8, "13%"),  # 12.5 rounds half up
        (3, 8, "38%"),  # 37.5
        (1, 200, "1%"),  # 0.5
        (1, 1000, "1%"),  # never 0 unless none
        (199, 200, "99%"),  # never 100 unless all
        (200, 200, "100%"),
        (2, 3, "67%"),
        (1, 3, "33%"),
    ],
)
def test_a_share_is_shown_rounded_half_up_never_claiming_all_or_none(
    part: int, whole: int, shown: str
) -> None:
    assert percent_text(Fraction(part, whole)) == shown


@given(st.integers(1, 10_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_a_rounded_share_is_within_half_a_point_or_pulled_off_the_ends(
    pair: tuple[int, int],
) -> None:
    part, whole = pair
    value = whole_percent(Fraction(part, whole))
    exact = Fraction(100 * part, whole)
    assert (value == 100) is (part == whole)
    assert (value == 0) is (part == 0)
    assert abs(value - exact) <= Fraction(1, 2) or value in (1, 99)


@pytest.mark.parametrize("share", [Fraction(-1, 2), Fraction(3, 2)])
def test_a_share_outside_nought_to_one_is_refused(share: Fraction) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        whole_percent(share)


@pytest.mark.parametrize(("part", "whole"), [(1, 8), (199, 200), (7, 7), (0, 3)])
def test_the_percentage_vocabulary_uses_the_same_rule(part: int, whole: int) -> None:
    assert describe(part, whole, vocabulary=PERCENT) == percent_text(Fraction(part, whole))
