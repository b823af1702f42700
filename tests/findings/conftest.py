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
