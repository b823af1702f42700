"""Audits with findings, built directly: the tests read what the pages make of them."""

from __future__ import annotations

from datetime import date
from typing import Any

from casescreen.assessments.models import Answer, Assessment
from casescreen.inspections.models import Inspection

QUESTION = "q1_1_offending_understood"  # applies to every case


def audit(
    make_case: Any,
    yot: Any,
    start: date,
    met: int,
    applicable: int,
    *,
    kind: str = Inspection.Kind.SELF_ASSESSMENT,
    status: str = Inspection.Status.FIELDWORK,
    framework: tuple[str, str] = ("sqs", "2015.1"),
    reference: str = "",
) -> Inspection:
    """An audit (or inspection) whose completed cases answered QUESTION yes ``met`` times
    out of ``applicable``."""
    inspection = Inspection.objects.create(
        yot=yot,
        kind=kind,
        reference=reference or f"{kind[:4]}-{yot.pk}-{start:%Y%m%d}-{framework[0]}",
        framework_id=framework[0],
        framework_version=framework[1],
        status=status,
        fieldwork_start=start,
        fieldwork_end=start,
    )
    for i in range(applicable):
        case = make_case(inspection, f"C{inspection.pk}X{i:03d}")
        assessment = Assessment.objects.get(case=case)
        assessment.status = Assessment.Status.COMPLETED
        assessment.save(update_fields=["status"])
        Answer.objects.create(
            assessment=assessment, question_id=QUESTION, value="yes" if i < met else "no"
        )
    return inspection
