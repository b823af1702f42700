from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def populate(db: Any) -> Any:
    """Sampled cases with completed assessments answering every applicable question."""
    from casescreen.assessments.models import Answer, Assessment
    from casescreen.cases.models import Case

    def make(inspection: Any, count: int, *, prefix: str = "GEN") -> list[Case]:
        framework = inspection.framework()
        cases = Case.objects.bulk_create(
            Case(
                inspection=inspection,
                reference=f"{prefix}{i:04}",
                sample_status=Case.SampleStatus.SAMPLED,
                sentence_type=("referral_order", "youth_rehabilitation_order", "custody")[i % 3],
                psr_prepared=i % 2 == 0,
                identifiable_victim=i % 4 == 0,
                non_compliance=i % 5 == 0,
            )
            for i in range(count)
        )
        assessments = Assessment.objects.bulk_create(
            Assessment(
                case=case,
                status=Assessment.Status.COMPLETED,
                framework_id=inspection.framework_id,
                framework_version=inspection.framework_version,
            )
            for case in cases
        )
        Answer.objects.bulk_create(
            Answer(assessment=a, question_id=q.id, value="yes" if i % 7 else "no")
            for i, (a, c) in enumerate(zip(assessments, cases, strict=True))
            for q in framework.questions
            if q.applies(c.facts())
        )
        return cases

    return make


@pytest.fixture
def yj_inspection(db: Any, yot: Any, lead_inspector: Any, inspector: Any) -> Any:
    """An inspection in fieldwork pinned to the youth justice framework (ratings, percentages)."""
    from datetime import date

    from casescreen.inspections.models import Inspection, TeamMembership

    inspection = Inspection.objects.create(
        yot=yot,
        reference="testshire-2022-03",
        framework_id="youth-justice",
        framework_version="2021.1",
        status=Inspection.Status.FIELDWORK,
        fieldwork_start=date(2022, 3, 7),
        fieldwork_end=date(2022, 3, 18),
    )
    TeamMembership.objects.create(inspection=inspection, user=lead_inspector, role="lead")
    TeamMembership.objects.create(inspection=inspection, user=inspector, role="inspector")
    return inspection


@pytest.fixture
def answer_cases(db: Any) -> Any:
    """Sampled cases of one sentence type with completed assessments; ``value(i, question)``
    gives case i's answer to each applicable question ("yes", "no" or None for none)."""
    from casescreen.assessments.models import Answer, Assessment
    from casescreen.cases.models import Case

    def make(
        inspection: Any, count: int, *, sentence_type: str, prefix: str, value: Any, **facts: Any
    ) -> list[Case]:
        framework = inspection.framework()
        cases = Case.objects.bulk_create(
            Case(
                inspection=inspection,
                reference=f"{prefix}{i:03}",
                sample_status=Case.SampleStatus.SAMPLED,
                sentence_type=sentence_type,
                **facts,
            )
            for i in range(count)
        )
        assessments = Assessment.objects.bulk_create(
            Assessment(
                case=case,
                status=Assessment.Status.COMPLETED,
                framework_id=inspection.framework_id,
                framework_version=inspection.framework_version,
            )
            for case in cases
        )
        answers = [
            (a, q.id, value(i, q))
            for i, (a, c) in enumerate(zip(assessments, cases, strict=True))
            for q in framework.questions
            if q.applies(c.facts())
        ]
        Answer.objects.bulk_create(
            Answer(assessment=a, question_id=qid, value=v) for a, qid, v in answers if v
        )
        return cases

    return make
