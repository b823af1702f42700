"""Counts across the inspectorate's completed inspections of one framework version,
aggregated in the database: the programme's figures and the national picture a YOT
compares its self-assessment with.

Only published (or since closed) inspections are counted, and never a self-assessment:
those are the YOTs' own. Versions are never pooled: the same question id may mean
something else in another version.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from casescreen.assessments.models import Answer, Assessment
from casescreen.cases.models import Case
from casescreen.frameworks import Framework
from casescreen.inspections.models import Inspection

COMPLETED_STATUSES = (Inspection.Status.PUBLISHED, Inspection.Status.CLOSED)
CASE = "assessment__case__"


def completed_inspections_of(framework: Framework) -> QuerySet[Inspection]:
    """The inspectorate's inspections under the framework version whose report is
    published."""
    return Inspection.objects.filter(
        kind=Inspection.Kind.INSPECTION,
        status__in=COMPLETED_STATUSES,
        framework_id=framework.id,
        framework_version=framework.version,
    )


def applicable_answers(framework: Framework) -> Q:
    """Answers with a judgement whose question applies to the case, as one SQL condition."""
    always = [q.id for q in framework.questions if q.rule.always]
    condition = Q(question_id__in=always)
    for question in framework.questions:
        if not question.rule.always:
            condition |= Q(question_id=question.id) & question.rule.to_q(CASE)
    return Q(value__in=("yes", "no")) & condition


def counted_answers(framework: Framework) -> Q:
    """The answers an inspection's findings count (``selectors.inspection_findings``):
    judgements on questions that apply, in completed assessments of sampled cases (not
    of a case excluded or set aside with an earlier draw)."""
    return applicable_answers(framework) & Q(
        assessment__status=Assessment.Status.COMPLETED,
        **{f"{CASE}sample_status": Case.SampleStatus.SAMPLED},
    )


def national_counts(framework: Framework) -> tuple[int, dict[str, tuple[int, int]]]:
    """The number of completed inspections under the framework version and, per
    question, judgements met and applicable over their completed assessments, in two
    queries. Only counts: the caller applies the small-numbers rule before showing any."""
    inspections = completed_inspections_of(framework)
    rows = (
        Answer.objects.filter(counted_answers(framework), **{f"{CASE}inspection__in": inspections})
        .values_list("question_id")
        .annotate(met=Count("id", filter=Q(value="yes")), applicable=Count("id"))
        .order_by()
    )
    return inspections.count(), {qid: (met, applicable) for qid, met, applicable in rows}
