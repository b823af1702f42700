"""The rating rules at every band edge, with the bands a framework file writes."""

from __future__ import annotations

import pytest

from casescreen.domain.ratings import (
    KeyQuestionCount,
    OverallBand,
    RatingBand,
    RatingRules,
    band_for_percent,
    overall_rating,
    rate_case_standard,
)

RULES = RatingRules(
    scale=(
        RatingBand("outstanding", "Outstanding", 3, 80),
        RatingBand("good", "Good", 2, 65),
        RatingBand("requires_improvement", "Requires improvement", 1, 50),
        RatingBand("inadequate", "Inadequate", 0, 0),
    ),
    overall=(
        OverallBand("outstanding", 31),
        OverallBand("good", 19),
        OverallBand("requires_improvement", 7),
        OverallBand("inadequate", 0),
    ),
)


@pytest.mark.parametrize(
    ("percent", "rating"),
    [
        (100, "outstanding"),
        (80, "outstanding"),
        (79, "good"),
        (65, "good"),
        (64, "requires_improvement"),
        (50, "requires_improvement"),
        (49, "inadequate"),
        (0, "inadequate"),
    ],
)
def test_a_percentage_falls_in_its_band(percent: int, rating: str) -> None:
    assert band_for_percent(percent, RULES).id == rating


@pytest.mark.parametrize(
    ("sufficient", "applicable", "rating"),
    [
        (8, 10, "outstanding"),  # 80%
        (159, 200, "outstanding"),  # 79.5% prints as 80%
        (158, 200, "good"),  # 79%
        (79, 100, "good"),
        (13, 20, "good"),  # 65%
        (64, 100, "requires_improvement"),
        (1, 2, "requires_improvement"),  # 50%
        (49, 100, "inadequate"),
        (0, 5, "inadequate"),
    ],
)
def test_a_standard_is_rated_from_the_percentage_printed(
    sufficient: int, applicable: int, rating: str
) -> None:
    counts = [KeyQuestionCount("q", sufficient, applicable)]
    assert rate_case_standard("2.1", counts, RULES).band.id == rating  # type: ignore[union-attr]


def test_the_lowest_key_question_decides() -> None:
    counts = [
        KeyQuestionCount("desistance", 9, 10),
        KeyQuestionCount("child_safety", 6, 10),
        KeyQuestionCount("others_safety", 7, 10),
    ]
    rated = rate_case_standard("2.1", counts, RULES)
    assert rated.deciding is not None and rated.deciding.question_id == "child_safety"
    assert rated.band is not None and rated.band.id == "requires_improvement"
    assert rated.score == 1


def test_a_key_question_no_case_applies_to_is_left_out() -> None:
    counts = [KeyQuestionCount("desistance", 9, 10), KeyQuestionCount("others_safety", 0, 0)]
    assert rate_case_standard("2.4", counts, RULES).band.id == "outstanding"  # type: ignore[union-attr]


def test_a_standard_with_no_applicable_case_is_unrated() -> None:
    rated = rate_case_standard("2.4", [KeyQuestionCount("q", 0, 0)], RULES)
    assert rated.band is None and rated.score is None


@pytest.mark.parametrize(
    ("total", "rating"),
    [(36, "outstanding"), (31, "outstanding"), (30, "good"), (19, "good"),
     (18, "requires_improvement"), (7, "requires_improvement"), (6, "inadequate"),
     (0, "inadequate")],
)  # fmt: skip
def test_the_overall_rating_at_every_band_edge(total: int, rating: str) -> None:
    # Twelve standards, scored so that they add up to ``total``.
    ids = [band.id for band in RULES.scale]
    scores = [3] * (total // 3) + ([total % 3] if total % 3 else [])
    scores += [0] * (12 - len(scores))
    ratings = {str(i): ids[3 - score] for i, score in enumerate(scores)}
    result = overall_rating(ratings, RULES)
    assert result.total == total and result.maximum == 36
    assert result.band is not None and result.band.id == rating


def test_the_overall_rating_waits_for_every_standard() -> None:
    result = overall_rating({"1.1": "good", "2.1": None}, RULES)
    assert result.band is None and result.unrated == ("2.1",) and result.total == 2


def test_a_percentage_outside_0_to_100_is_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        band_for_percent(101, RULES)
