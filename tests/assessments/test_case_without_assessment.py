"""A case with no assessment (never sampled, or taken out by a redraw) has no pages."""

from __future__ import annotations

from typing import Any

import pytest

from casescreen.assessments.models import Answer, Assessment
from casescreen.cases.models import Case

PAGES = ["", "facts/", "check/", "practice-examples/", "history/", "reopen/", "review/"]


@pytest.fixture
def unsampled(inspection: Any, make_case: Any) -> Any:
    case = make_case(inspection, "NS1", sample_status=Case.SampleStatus.POPULATION)
    Assessment.objects.filter(case=case).delete()
    return case


@pytest.mark.parametrize("page", PAGES)
def test_a_case_with_no_assessment_is_not_found(
    unsampled: Any, lead_inspector: Any, as_user: Any, page: str
) -> None:
    client = as_user(lead_inspector)
    url = f"/inspections/{unsampled.inspection.reference}/cases/NS1/{page}"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code in (404, 405)  # 405: a page that is only read


def test_an_answer_sent_for_a_case_with_no_assessment_is_not_found(
    unsampled: Any, inspector: Any, as_user: Any
) -> None:
    framework = unsampled.inspection.framework()
    theme = framework.case_themes(unsampled.sentence_type)[0]
    question = framework.questions_for_theme(theme.id)[0]
    client = as_user(inspector)
    base = f"/inspections/{unsampled.inspection.reference}/cases/NS1/"

    assert client.get(f"{base}themes/{theme.id}/").status_code == 404
    saved = client.post(
        f"{base}answers/",
        {"case_reference": "NS1", "question_id": question.id, "value": "yes", "version": "0"},
    )
    assert saved.status_code == 404
    assert not Answer.objects.exists()
