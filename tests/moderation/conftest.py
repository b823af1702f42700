"""Set-ups for blind double assessment tests: a completed first assessment, its double
assessment with the lead inspector as second assessor, and a disagreement."""

from __future__ import annotations

from typing import Any

import pytest

from casescreen.assessments.models import Answer, Assessment
from casescreen.moderation.models import DoubleAssessment
from casescreen.moderation.selectors import double_comparison
from casescreen.moderation.services import double_assessment_choose, second_answer, second_complete


@pytest.fixture
def first_done(case: Any, inspector: Any) -> Any:
    """The inspector's completed first assessment of the case: every question yes."""
    framework = case.inspection.framework()
    assessment = case.assessment
    for question_id in framework.applicable_questions(case.facts()):
        Answer.objects.create(
            assessment=assessment, question_id=question_id, value="yes", updated_by=inspector
        )
    assessment.inspector = inspector
    assessment.status = Assessment.Status.COMPLETED
    assessment.save()
    return case


@pytest.fixture
def double(first_done: Any, lead_inspector: Any) -> DoubleAssessment:
    [made] = double_assessment_choose(
        user=lead_inspector,
        inspection=first_done.inspection,
        cases=[first_done],
        second_inspector=lead_inspector,
    )
    return made


def answer_all(double: DoubleAssessment, user: Any, *, differ: str = "") -> None:
    for row in double_comparison(double):
        value = "no" if row.question.id == differ else "yes"
        second_answer(
            user=user,
            double=double,
            question_id=row.question.id,
            value=value,
            evidence="Not in the plan." if value == "no" else "",
        )


def disagree_once(double: DoubleAssessment, lead: Any, question: str = "") -> str:
    """The second assessment completed by the lead, differing from the first (all yes)
    on ``question`` (by default the first); returns that question."""
    question = question or double_comparison(double)[0].question.id
    answer_all(double, lead, differ=question)
    second_complete(user=lead, double=double)
    return question
