"""The rating rules as a framework file writes them, checked and built for ``domain``."""

from __future__ import annotations

from typing import Literal

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field

from casescreen.domain.ratings import OverallBand, RatingBand, RatingRules
from casescreen.frameworks.texts import Text


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RatingBandSpec(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: Text = Field(min_length=1)
    score: int = Field(ge=0)
    from_percent: int = Field(ge=0, le=100)


class OverallBandSpec(_Strict):
    rating: str
    from_score: int = Field(ge=0)


class RatingsSpec(_Strict):
    scale: list[RatingBandSpec] = Field(min_length=2)
    case_standard: Literal["lowest_key_question"] = "lowest_key_question"
    overall: list[OverallBandSpec] = Field(min_length=1)


def rating_problems(spec: RatingsSpec) -> list[tuple[str, str]]:
    """(field, message) for every rule the bands break; empty when they are sound."""
    problems: list[tuple[str, str]] = []
    ids = [band.id for band in spec.scale]
    if len(set(ids)) != len(ids):
        problems.append(("ratings.scale", _("a rating id is used twice")))
    percents = [band.from_percent for band in spec.scale]
    if percents != sorted(percents, reverse=True) or len(set(percents)) != len(percents):
        problems.append(
            ("ratings.scale", _("list the ratings highest first, each from a lower percentage"))
        )
    if percents and percents[-1] != 0:
        problems.append(("ratings.scale", _("the lowest rating must start from 0 per cent")))
    scores = [band.score for band in spec.scale]
    if scores != sorted(scores, reverse=True):
        problems.append(
            ("ratings.scale", _("a higher rating must not score less than a lower one"))
        )
    for band in spec.overall:
        if band.rating not in ids:
            problems.append(
                ("ratings.overall", _("unknown rating %(rating)r") % {"rating": band.rating})
            )
    froms = [band.from_score for band in spec.overall]
    if froms != sorted(froms, reverse=True) or len(set(froms)) != len(froms):
        problems.append(
            ("ratings.overall", _("list the bands highest first, each from a lower score"))
        )
    if froms and froms[-1] != 0:
        problems.append(("ratings.overall", _("the lowest band must start from a score of 0")))
    return problems


def build_rating_rules(spec: RatingsSpec) -> RatingRules:
    return RatingRules(
        scale=tuple(
            RatingBand(id=b.id, label=b.label, score=b.score, from_percent=b.from_percent)
            for b in spec.scale
        ),
        overall=tuple(OverallBand(rating=b.rating, from_score=b.from_score) for b in spec.overall),
        case_standard=spec.case_standard,
    )
