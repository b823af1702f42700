"""Retention for self-assessments: a YOT's own audit is purged as long after it was
finished as an inspection is after publication; unfinished ones are kept."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from casescreen.assessments.models import Answer, Assessment
from casescreen.assessments.services import assessment_answer
from casescreen.cases.models import Case, CaseIdentity
from casescreen.inspections.models import Inspection, InspectionTransition
from casescreen.selfassessment import services

FINISHED = date(2016, 1, 29)


def _purge(*args: str) -> str:
    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def audited(self_assessment: Inspection, make_case: Any, yot_auditor: Any) -> Case:
    """A case of the self-assessment with the child's name and an evidence note."""
    case = make_case(self_assessment, "OWN-7001", name="Robin Owncase")
    question = self_assessment.framework().questions[0].id
    Assessment.objects.filter(case=case).update(inspector=yot_auditor)
    assessment_answer(
        user=yot_auditor,
        case=case,
        question_id=question,
        value="no",
        evidence="Robin's plan was not reviewed after the move.",
        based_on_version=0,
    )
    return case


def _finish(self_assessment: Inspection, yot_manager: Any, on: date) -> None:
    services.self_assessment_finish(user=yot_manager, inspection=self_assessment)
    InspectionTransition.objects.filter(
        inspection=self_assessment, to_status=Inspection.Status.CLOSED
    ).update(at=timezone.make_aware(datetime(on.year, on.month, on.day, 16, 30)))


def test_a_finished_self_assessment_is_purged_after_the_retention_period(
    self_assessment: Inspection, yot_manager: Any, audited: Case
) -> None:
    _finish(self_assessment, yot_manager, FINISHED)
    values = list(Answer.objects.filter(assessment__case=audited).values_list("value", flat=True))

    assert "Nothing to purge." in _purge("--today", "2017-01-28")
    output = _purge("--today", "2017-01-29")

    assert "Purged self-assessment-testshire-2016-01 (self-assessment finished 2016-01-29)" in (
        output
    )
    identity = CaseIdentity.objects.get(case__inspection=self_assessment)
    assert (identity.child_name, identity.date_of_birth) == ("", None)
    assert identity.purged_at is not None
    case = Case.objects.get(inspection=self_assessment)
    assert case.reference != "OWN-7001" and case.reference.startswith("case-")
    answers = Answer.objects.filter(assessment__case=case)
    assert list(answers.values_list("evidence", flat=True)) == [""]
    # The judgements stay, so the YOT's findings and its trend do not change.
    assert list(answers.values_list("value", flat=True)) == values == ["no"]


def test_a_dry_run_lists_a_due_self_assessment_and_changes_nothing(
    self_assessment: Inspection, yot_manager: Any, audited: Case
) -> None:
    _finish(self_assessment, yot_manager, FINISHED)

    output = _purge("--dry-run", "--today", "2017-06-01")

    assert "Would purge self-assessment-testshire-2016-01 (self-assessment finished" in output
    assert CaseIdentity.objects.get(case=audited).child_name == "Robin Owncase"


def test_a_self_assessment_still_under_way_is_kept(
    self_assessment: Inspection, audited: Case
) -> None:
    output = _purge("--today", "2030-01-01")

    assert "Nothing to purge." in output
    assert Case.objects.get(pk=audited.pk).reference == "OWN-7001"
    assert CaseIdentity.objects.get(case=audited).child_name == "Robin Owncase"
