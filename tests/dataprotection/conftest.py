"""Fixtures of the data protection tests."""

from __future__ import annotations

from typing import Any

import pytest

from casescreen.inspections.models import Inspection


@pytest.fixture
def small(inspection: Inspection, make_case: Any) -> Inspection:
    """A small inspection with answers, evidence and a practice example: quicker than the demo."""
    from casescreen.assessments.models import Answer, Assessment, PracticeExample

    for number in range(3):
        case = make_case(inspection, f"TS100{number}", name=f"Child {number}", psr_prepared=True)
        assessment = case.assessment
        assessment.status = Assessment.Status.COMPLETED
        assessment.save()
        Answer.objects.create(
            assessment=assessment, question_id="q1_1_offending_understood", value="yes"
        )
        Answer.objects.create(
            assessment=assessment,
            question_id="q1_2_psr_quality",
            value="no" if number else "yes",
            evidence="The report did not say why.",
        )
    PracticeExample.objects.create(
        assessment=assessment, paragraph="1.2", pseudonym="Raz", text="Raz's family helped."
    )
    return inspection
