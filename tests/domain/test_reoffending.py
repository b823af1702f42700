from __future__ import annotations

from decimal import Decimal

import pytest

from casescreen.domain.reoffending import compare_rates

D = Decimal


# Each comparison with the sentence that words it in English (tests/reoffending/test_wording.py).
COMPARISONS = [
    (  # Redbridge 2015 seed
        D("43.6"),
        D("36.1"),
        D("45.0"),
        "better",
        "worse",
        "better than the previous year but worse than the England and Wales average of 36.1%",
    ),
    (
        D("30.0"),
        D("36.1"),
        D("31.2"),
        "better",
        "better",
        "better than the previous year and better than the England and Wales average of 36.1%",
    ),
    (
        D("40.0"),
        D("36.1"),
        D("38.0"),
        "worse",
        "worse",
        "worse than the previous year and worse than the England and Wales average of 36.1%",
    ),
    (
        D("35.0"),
        D("36.1"),
        D("34.0"),
        "worse",
        "better",
        "worse than the previous year but better than the England and Wales average of 36.1%",
    ),
    (  # equal at published precision: 38.04 and 38.0 both publish as 38.0
        D("38.04"),
        D("36.1"),
        D("38.0"),
        "the same",
        "worse",
        "the same as the previous year and worse than the England and Wales average of 36.1%",
    ),
    (  # 36.05 rounds half up to 36.1
        D("36.05"),
        D("36.1"),
        None,
        None,
        "the same",
        "the same as the England and Wales average of 36.1%",
    ),
    (
        D("36.04"),
        D("36.1"),
        None,
        None,
        "better",
        "better than the England and Wales average of 36.1%",
    ),
    (  # national shown at published precision
        D("50"),
        D("38"),
        None,
        None,
        "worse",
        "worse than the England and Wales average of 38.0%",
    ),
]


@pytest.mark.parametrize(
    ("rate", "national", "previous", "versus_previous", "versus_national", "sentence"),
    COMPARISONS,
)
def test_compare_rates(
    rate: Decimal,
    national: Decimal,
    previous: Decimal | None,
    versus_previous: str | None,
    versus_national: str,
    sentence: str,
) -> None:
    result = compare_rates(rate, national, previous)
    assert result.versus_previous == versus_previous
    assert result.versus_national == versus_national
    assert result.contrast == (" but " in sentence)
    assert f"{result.national}%" in sentence


@pytest.mark.parametrize("bad", [D("-0.1"), D("100.1"), D("NaN"), D("Infinity")])
def test_compare_rates_rejects_impossible_rates(bad: Decimal) -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        compare_rates(bad, D("36.1"), None)
    with pytest.raises(ValueError, match="between 0 and 100"):
        compare_rates(D("36.1"), D("36.1"), bad)
