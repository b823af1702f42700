"""Helpers for quality assurance tests: a case completed by its inspector, and URLs."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from casescreen.assessments.models import Assessment
from casescreen.cases.forms import CHOICE_FACTS, original
from tests.assessments.conftest import case_url, save

QUERIED = "q1_1_offending_understood"


def quality_url(name: str, case: Any, *extra: object) -> str:
    return reverse(name, args=[case.inspection.reference, case.reference, *extra])


def complete(client: Any, case: Any) -> Assessment:
    """Confirm the facts, answer every applicable question (No, with evidence, for the one
    queried later) and complete the assessment, as the inspector's browser does."""
    case.refresh_from_db()
    opened = {**case.facts(), "case_manager_present": False}
    facts = {name: case.facts()[name] for name in CHOICE_FACTS}
    facts.update({original(name): str(value) for name, value in opened.items()})
    facts.update(psr_prepared="on", has_plan="on")
    assert client.post(case_url("case_facts", case), facts).status_code == 302
    case.refresh_from_db()
    assessment = Assessment.objects.get(case=case)
    answers = {a.question_id: a.version for a in assessment.answers.all()}
    for question_id in sorted(case.inspection.framework().applicable_questions(case.facts())):
        if question_id in answers:
            continue
        value = "no" if question_id == QUERIED else "yes"
        evidence = "Not in the record." if value == "no" else ""
        response = save(client, case, question_id, value, evidence=evidence)
        assert response.status_code == 200, response.content
    version = Assessment.objects.get(case=case).version
    assert (
        client.post(case_url("check_answers", case), {"version": str(version)}).status_code == 302
    )
    assessment = Assessment.objects.get(case=case)
    assert assessment.status == Assessment.Status.COMPLETED
    return assessment


@pytest.fixture
def completed(case: Any, inspector: Any, as_user: Any) -> Any:
    complete(as_user(inspector), case)
    return case
