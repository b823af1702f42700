"""Findings of an inspection, read from the database in a constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from casescreen.assessments.models import Answer, Assessment
from casescreen.cases.facts import FACT_FIELDS
from casescreen.cases.models import Case
from casescreen.domain.findings import CaseJudgements, QuestionSpec, Tallies, tally
from casescreen.frameworks import Framework
from casescreen.inspections.models import Inspection


@dataclass(frozen=True)
class Findings:
    inspection: Inspection
    framework: Framework
    vocabulary: str
    tallies: Tallies


def inspection_findings(inspection: Inspection) -> Findings:
    """Tally every question of the inspection's framework over its sampled cases.

    Two queries whatever the number of cases: the sampled cases with their
    assessment status, and all their answers.
    """
    framework = inspection.framework()
    cases = list(
        Case.objects.filter(inspection=inspection, sample_status=Case.SampleStatus.SAMPLED)
        .order_by("reference")
        .values("id", "reference", "assessment__status", *FACT_FIELDS)
    )
    answers: dict[int, dict[str, str]] = defaultdict(dict)
    for case_id, question_id, value in Answer.objects.filter(
        assessment__case__inspection=inspection,
        assessment__case__sample_status=Case.SampleStatus.SAMPLED,
    ).values_list("assessment__case_id", "question_id", "value"):
        answers[case_id][question_id] = value
    judgements = [
        CaseJudgements(
            reference=row["reference"],
            complete=row["assessment__status"] == Assessment.Status.COMPLETED,
            applicable=framework.applicable_questions(row),
            answers=answers.get(row["id"], {}),
        )
        for row in cases
    ]
    specs = [
        QuestionSpec(id=q.id, paragraph=q.paragraph, theme=q.theme) for q in framework.questions
    ]
    return Findings(
        inspection=inspection,
        framework=framework,
        vocabulary=inspection.vocabulary,
        tallies=tally(specs, judgements),
    )
