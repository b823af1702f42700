from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binomtest

from casescreen.domain.statistics import is_disclosive, wilson_interval


def scipy_wilson(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    ci = binomtest(k, n).proportion_ci(confidence_level=confidence, method="wilson")
    return float(ci.low), float(ci.high)


@pytest.mark.parametrize(
    ("k", "n"),
    [(0, 1), (1, 1), (0, 5), (5, 5), (1, 2), (22, 22), (31, 33), (17, 20), (0, 33), (1, 500)],
)
@pytest.mark.parametrize("confidence", [0.8, 0.9, 0.95, 0.99])
def test_wilson_matches_scipy(k: int, n: int, confidence: float) -> None:
    ours = wilson_interval(k, n, confidence)
    assert ours == pytest.approx(scipy_wilson(k, n, confidence), abs=1e-9)


def test_wilson_accepts_exact_confidence() -> None:
    assert wilson_interval(3, 10, Fraction(19, 20)) == pytest.approx(scipy_wilson(3, 10), abs=1e-9)


def test_wilson_bounds_are_exact_at_extremes() -> None:
    assert wilson_interval(0, 12)[0] == 0.0
    assert wilson_interval(12, 12)[1] == 1.0


@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_matches_scipy_everywhere(kn: tuple[int, int]) -> None:
    k, n = kn
    low, high = wilson_interval(k, n)
    assert 0.0 <= low <= k / n <= high <= 1.0
    assert (low, high) == pytest.approx(scipy_wilson(k, n), abs=1e-9)


@pytest.mark.parametrize(
    ("k", "n", "confidence", "message"),
    [
        (0, 0, 0.95, "positive"),
        (3, 2, 0.95, "between"),
        (-1, 2, 0.95, "between"),
        (1, 2, 1.0, "confidence"),
        (1, 2, 0, "confidence"),
    ],
)
def test_wilson_rejects_invalid_input(k: int, n: int, confidence: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        wilson_interval(k, n, confidence)


@pytest.mark.parametrize(
    ("n", "threshold", "expected"),
    [(0, 3, False), (1, 3, True), (2, 3, True), (3, 3, False), (4, 5, True), (5, 5, False)],
)
def test_is_disclosive(n: int, threshold: int, expected: bool) -> None:
    assert is_disclosive(n, threshold) is expected


def test_is_disclosive_rejects_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        is_disclosive(-1)
