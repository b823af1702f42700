"""A sample report of a question set, as an inspector would see it.

The report is drafted by the same services as any inspection's, from made-up cases
with made-up answers, inside a transaction that is then rolled back: nothing of the
sample is kept, no audit record, no inspection. A question set without a report
template has no sample report.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from casescreen.assessments.models import Answer, Assessment
from casescreen.cases.models import Case
from casescreen.findings.models import StandardJudgement
from casescreen.frameworks import Framework
from casescreen.frameworks.checksums import FrameworkError
from casescreen.frameworks.report_templates import template_for
from casescreen.inspections.models import Inspection, TeamMembership, Yot
from casescreen.reports.render_html import render_fragment
from casescreen.reports.services import draft

SAMPLE_CASES = 16


def sample_report_html(framework: Framework, user: Any) -> str | None:
    """The report drafted from made-up cases, as HTML; None without a report template."""
    try:
        template_for(framework.key)
    except FrameworkError:
        return None
    with transaction.atomic():
        inspection = _sample_inspection(framework, user)
        html = render_fragment(draft(inspection))
        transaction.set_rollback(True)
    return html


def _facts(framework: Framework, index: int, sentence_type: str) -> dict[str, object]:
    facts: dict[str, object] = {}
    for position, (name, spec) in enumerate(framework.facts.items()):
        if name == "sentence_type":
            continue
        if spec.type == "choice":
            choices = list(spec.choices or {})
            facts[name] = choices[(index + position) % len(choices)]
        else:
            facts[name] = (index + position) % 3 != 0
    return {**facts, "sentence_type": sentence_type}


def _sample_inspection(framework: Framework, user: Any) -> Inspection:
    token = secrets.token_hex(4)
    yot = Yot.objects.create(
        name=f"Sample service {token}",
        local_authority="Sampleshire (a made-up area)",
        nation=Yot.Nation.ENGLAND,
    )
    start = date.today()
    inspection = Inspection.objects.create(
        yot=yot,
        reference=f"sample-{token}",
        framework_id=framework.id,
        framework_version=framework.version,
        vocabulary=framework.vocabulary or "",
        status=Inspection.Status.DRAFTING,
        fieldwork_start=start,
        fieldwork_end=start + timedelta(days=framework.schedule.fieldwork_days),
    )
    TeamMembership.objects.create(inspection=inspection, user=user, role="lead")
    kinds = [k for kind in framework.case_kinds.values() for k in sorted(kind.sentence_types)]
    cases = Case.objects.bulk_create(
        Case(
            inspection=inspection,
            reference=f"S{index + 1:03d}",
            sample_status=Case.SampleStatus.SAMPLED,
            **_facts(framework, index, kinds[index % len(kinds)]),
        )
        for index in range(SAMPLE_CASES)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(
            case=case,
            inspector=user,
            status=Assessment.Status.COMPLETED,
            framework_id=framework.id,
            framework_version=framework.version,
        )
        for case in cases
    )
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            question_id=question.id,
            # Each question with a different share met, as the sample findings show.
            value="no" if (index + position) % (position % 5 + 2) == 0 else "yes",
            evidence="A made-up note.",
            updated_by=user,
        )
        for position, question in enumerate(framework.questions)
        for index, (assessment, case) in enumerate(zip(assessments, cases, strict=True))
        if question.applies(case.facts(list(framework.facts)))
    )
    if framework.ratings is not None:
        scale = framework.ratings.scale
        StandardJudgement.objects.bulk_create(
            StandardJudgement(
                inspection=inspection,
                standard=paragraph.id,
                rating=scale[position % len(scale)].id,
                key_findings="Made-up key findings for the sample report.",
                updated_by=user,
            )
            for position, paragraph in enumerate(framework.judged_paragraphs)
        )
    return inspection
