"""Ratings from case findings: the rules come from the framework's data, applied here.

A case standard is rated from the share of cases judged sufficient on its key questions
(the lowest one, under ``lowest_key_question``): the share, as the whole percentage the
report prints, falls in one band of the scale. Every rating has a score; the overall
rating comes from the total of the scores by the framework's bands. Standards judged by
the inspectors on evidence bring their rating from outside and are scored the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from casescreen.domain.percent import whole_percent

LOWEST_KEY_QUESTION = "lowest_key_question"


@dataclass(frozen=True)
class RatingBand:
    """One rating of the scale, given at ``from_percent`` per cent sufficient or more."""

    id: str
    label: str
    score: int
    from_percent: int


@dataclass(frozen=True)
class OverallBand:
    """The overall rating given at a total score of ``from_score`` or more."""

    rating: str
    from_score: int


@dataclass(frozen=True)
class RatingRules:
    """The rating rules of one framework version (highest band first in both lists)."""

    scale: tuple[RatingBand, ...]
    overall: tuple[OverallBand, ...]
    case_standard: str = LOWEST_KEY_QUESTION

    def band(self, rating_id: str) -> RatingBand:
        for band in self.scale:
            if band.id == rating_id:
                return band
        raise KeyError(rating_id)

    @property
    def highest_score(self) -> int:
        return max(band.score for band in self.scale)


@dataclass(frozen=True)
class KeyQuestionCount:
    question_id: str
    sufficient: int
    applicable: int

    @property
    def percent(self) -> int | None:
        if not self.applicable:
            return None
        return whole_percent(Fraction(self.sufficient, self.applicable))


@dataclass(frozen=True)
class StandardRating:
    standard: str
    counts: tuple[KeyQuestionCount, ...]
    # None when no case gave the standard an applicable key question.
    band: RatingBand | None
    # The key question the rating was taken from (the lowest share).
    deciding: KeyQuestionCount | None

    @property
    def score(self) -> int | None:
        return self.band.score if self.band else None


@dataclass(frozen=True)
class OverallRating:
    band: RatingBand | None
    total: int
    maximum: int
    # Standards with no rating yet: the overall rating waits for them.
    unrated: tuple[str, ...]


def band_for_percent(percent: int, rules: RatingRules) -> RatingBand:
    """The band a whole percentage sufficient falls in."""
    if not 0 <= percent <= 100:
        raise ValueError(f"a percentage must be between 0 and 100, got {percent}")
    for band in rules.scale:
        if percent >= band.from_percent:
            return band
    raise ValueError(f"no rating band covers {percent} per cent")


def rate_case_standard(
    standard: str, counts: Sequence[KeyQuestionCount], rules: RatingRules
) -> StandardRating:
    """Rate a case standard from its key questions' counts, by the framework's rule."""
    if rules.case_standard != LOWEST_KEY_QUESTION:
        raise ValueError(f"unknown case standard rule {rules.case_standard!r}")
    rated = [c for c in counts if c.percent is not None]
    if not rated:
        return StandardRating(standard, tuple(counts), None, None)
    lowest = min(rated, key=lambda c: (c.percent, c.question_id))
    assert lowest.percent is not None
    return StandardRating(standard, tuple(counts), band_for_percent(lowest.percent, rules), lowest)


def overall_rating(ratings: Mapping[str, str | None], rules: RatingRules) -> OverallRating:
    """The overall rating from every standard's rating id (None while unrated)."""
    unrated = tuple(standard for standard, rating in ratings.items() if rating is None)
    total = sum(rules.band(rating).score for rating in ratings.values() if rating is not None)
    maximum = rules.highest_score * len(ratings)
    if unrated or not ratings:
        return OverallRating(None, total, maximum, unrated)
    for overall in rules.overall:
        if total >= overall.from_score:
            return OverallRating(rules.band(overall.rating), total, maximum, ())
    raise ValueError(f"no overall band covers a total of {total}")
