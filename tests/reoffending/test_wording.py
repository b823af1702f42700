from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from casescreen.domain.reoffending import compare_rates
from casescreen.reoffending.wording import comparison_sentence
from tests.domain.test_reoffending import COMPARISONS


@pytest.mark.parametrize(
    ("rate", "national", "previous", "versus_previous", "versus_national", "sentence"),
    COMPARISONS,
)
def test_the_comparison_in_english(
    rate: Decimal,
    national: Decimal,
    previous: Decimal | None,
    versus_previous: str | None,
    versus_national: str,
    sentence: str,
) -> None:
    with translation.override("en-gb"):
        assert comparison_sentence(compare_rates(rate, national, previous)) == sentence


@pytest.mark.parametrize(
    ("previous", "sentence"),
    [
        (
            Decimal("45.0"),
            "yn well na'r flwyddyn flaenorol ond yn waeth na chyfartaledd Cymru a Lloegr o 36.1%",
        ),
        (
            Decimal("43.6"),
            "yr un fath â'r flwyddyn flaenorol ac yn waeth na chyfartaledd Cymru a Lloegr o 36.1%",
        ),
        (None, "yn waeth na chyfartaledd Cymru a Lloegr o 36.1%"),
    ],
)
def test_the_comparison_in_welsh(previous: Decimal | None, sentence: str) -> None:
    with translation.override("cy"):
        assert comparison_sentence(compare_rates(Decimal("43.6"), Decimal("36.1"), previous)) == (
            sentence
        )
