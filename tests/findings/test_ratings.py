from __future__ import annotations

from typing import Any

import pytest

from casescreen.domain.ratings import KeyQuestionCount
from casescreen.findings.models import StandardJudgement
from casescreen.findings.ratings import inspection_ratings

JUDGED = ("1.1", "1.2", "1.3", "1.4", "3.4", "4.1")


def _no_for(question_no: dict[str, int]) -> Any:
    """Answers: yes, except "no" for the first ``question_no[id]`` cases of a question."""

    def value(i: int, question: Any) -> str:
        return "no" if i < question_no.get(question.id, 0) else "yes"

    return value


def test_a_framework_without_ratings_has_none(inspection: Any) -> None:
    assert inspection_ratings(inspection) is None


def test_case_standards_are_rated_from_their_lowest_key_question(
    yj_inspection: Any, answer_cases: Any
) -> None:
    # 20 court cases: 2.1 child safety 13 of 20 (65%, good), others' safety 16 of 20.
    answer_cases(
        yj_inspection,
        20,
        sentence_type="referral_order",
        prefix="CRT",
        value=_no_for({"s2_1_child_safety": 7, "s2_1_others_safety": 4}),
    )
    # 4 out-of-court cases: 3.1 desistance 2 of 4 (50%, requires improvement).
    answer_cases(
        yj_inspection,
        4,
        sentence_type="youth_caution",
        prefix="OOC",
        value=_no_for({"s3_1_desistance": 2}),
    )
    ratings = inspection_ratings(yj_inspection)
    assert ratings is not None
    assert [s.id for s in ratings.standards] == [
        "1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "4.1",
    ]  # fmt: skip
    assessment = ratings.standard("2.1")
    assert assessment.counts == (
        KeyQuestionCount("desistance", 20, 20),
        KeyQuestionCount("child_safety", 13, 20),
        KeyQuestionCount("others_safety", 16, 20),
    )
    assert assessment.band is not None and assessment.band.id == "good"
    assert assessment.deciding == KeyQuestionCount("child_safety", 13, 20)
    assert (assessment.theme_id, assessment.theme_kind, assessment.judged) == ("2", "court", False)
    assert ratings.standard("2.2").band.id == "outstanding"  # type: ignore[union-attr]
    out_of_court = ratings.standard("3.1")
    assert out_of_court.band is not None and out_of_court.band.id == "requires_improvement"
    assert out_of_court.count("desistance") == KeyQuestionCount("desistance", 2, 4)
    # Reviewing applies only where a review was required: no case needed one.
    assert ratings.standard("2.4").band is None
    assert {s.id for s in ratings.judged_standards} == set(JUDGED)
    assert all(s.band is None and not s.counts for s in ratings.judged_standards)
    assert ratings.overall.band is None
    assert set(ratings.overall.unrated) == {*JUDGED, "2.4"}


@pytest.mark.parametrize(
    ("met", "applicable", "rating"),
    [
        (4, 5, "outstanding"),  # 80%
        (15, 19, "good"),  # 78.9%, shown as 79%
        (13, 20, "good"),  # 65%
        (16, 25, "requires_improvement"),  # 64%
        (1, 2, "requires_improvement"),  # 50%
        (12, 25, "inadequate"),  # 48%
        (0, 3, "inadequate"),
        (3, 3, "outstanding"),
    ],
)
def test_band_edges_follow_the_whole_percentage(
    yj_inspection: Any, answer_cases: Any, met: int, applicable: int, rating: str
) -> None:
    answer_cases(
        yj_inspection,
        applicable,
        sentence_type="custody",
        prefix="CRT",
        value=_no_for({"s2_2_others_safety": applicable - met}),
    )
    ratings = inspection_ratings(yj_inspection)
    assert ratings is not None
    planning = ratings.standard("2.2")
    assert planning.band is not None and planning.band.id == rating
    assert planning.count("others_safety") == KeyQuestionCount("others_safety", met, applicable)
    # The lowest share decides (the first key question by id among equal shares).
    assert planning.deciding is not None
    assert planning.deciding.percent == planning.count("others_safety").percent  # type: ignore[union-attr]


def test_unanswered_questions_stay_out_of_the_share(yj_inspection: Any, answer_cases: Any) -> None:
    def value(i: int, question: Any) -> str | None:
        if question.id == "s2_3_desistance":
            return None if i < 3 else ("no" if i == 3 else "yes")
        return "yes"

    answer_cases(yj_inspection, 10, sentence_type="referral_order", prefix="CRT", value=value)
    ratings = inspection_ratings(yj_inspection)
    assert ratings is not None
    assert ratings.standard("2.3").count("desistance") == KeyQuestionCount("desistance", 6, 7)


def test_judged_standards_bring_their_recorded_rating_and_complete_the_overall(
    yj_inspection: Any, answer_cases: Any, lead_inspector: Any
) -> None:
    from casescreen.findings.services import standard_judgement_record

    answer_cases(
        yj_inspection,
        6,
        sentence_type="referral_order",
        prefix="CRT",
        value=_no_for({}),
        reoffending_review_required=True,
        vulnerability_review_required=True,
        roh_review_required=True,
    )
    answer_cases(yj_inspection, 3, sentence_type="youth_caution", prefix="OOC", value=_no_for({}))
    for standard in JUDGED:
        standard_judgement_record(
            inspection=yj_inspection,
            user=lead_inspector,
            standard=standard,
            rating="good" if standard != "4.1" else "inadequate",
            key_findings=f"Evidence for {standard}.",
            based_on_version=0,
        )
    ratings = inspection_ratings(yj_inspection)
    assert ratings is not None
    leadership = ratings.standard("1.1")
    assert leadership.band is not None and leadership.band.id == "good"
    assert leadership.key_findings == "Evidence for 1.1."
    assert ratings.standard("4.1").score == 0
    # 7 case standards outstanding (21), five judged good (10), one inadequate: 31 of 39.
    assert (ratings.overall.total, ratings.overall.maximum) == (31, 39)
    assert ratings.overall.band is not None and ratings.overall.band.id == "outstanding"
    assert StandardJudgement.objects.filter(inspection=yj_inspection).count() == len(JUDGED)
