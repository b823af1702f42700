"""Findings of an inspection, read from the database in a constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

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
    # Groups with fewer applicable cases than this are flagged as disclosive.
    disclosure_threshold: int = 3


def inspection_findings(inspection: Inspection) -> Findings:
    """Tally every question of the inspection's framework over its sampled cases.

    Two queries whatever the number of cases: the sampled cases with their
    assessment status, and all their answers. Applicability rules are evaluated
    once per distinct combination of case facts, not once per case: a sample has
    few such combinations, and the rules are the costly part of the tally.
    """
    framework = inspection.framework()
    cases = list(
        Case.objects.filter(inspection=inspection, sample_status=Case.SampleStatus.SAMPLED)
        .order_by("reference")
        .values_list("id", "reference", "assessment__status", *FACT_FIELDS)
    )
    answers: dict[int, dict[str, str]] = defaultdict(dict)
    for case_id, question_id, value in Answer.objects.filter(
        assessment__case__inspection=inspection,
        assessment__case__sample_status=Case.SampleStatus.SAMPLED,
    ).values_list("assessment__case_id", "question_id", "value"):
        answers[case_id][question_id] = value
    applicable_for: dict[tuple[object, ...], frozenset[str]] = {}
    judgements = []
    for case_id, reference, status, *fact_values in cases:
        key = tuple(fact_values)
        applicable = applicable_for.get(key)
        if applicable is None:
            applicable = framework.applicable_questions(dict(zip(FACT_FIELDS, key, strict=True)))
            applicable_for[key] = applicable
        judgements.append(
            CaseJudgements(
                reference=reference,
                complete=status == Assessment.Status.COMPLETED,
                applicable=applicable,
                answers=answers.get(case_id, {}),
            )
        )
    specs = [
        QuestionSpec(id=q.id, paragraph=q.paragraph, theme=q.theme, style=q.style)
        for q in framework.questions
    ]
    return Findings(
        inspection=inspection,
        framework=framework,
        vocabulary=inspection.vocabulary,
        tallies=tally(specs, judgements),
        disclosure_threshold=settings.CASESCREEN_DISCLOSURE_THRESHOLD,
    )


def cases_by_reference(inspection: Inspection, references: Sequence[str]) -> QuerySet[Case]:
    """The inspection's cases with these references, with their assessment, in reference order."""
    return (
        Case.objects.filter(inspection=inspection, reference__in=list(references))
        .select_related("assessment")
        .order_by("reference")
    )
