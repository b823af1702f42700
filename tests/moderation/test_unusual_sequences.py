"""Blind double assessment when things happen in an unusual order: the lead is the second
assessor, the sample changes under a double assessment, the facts change under a
disagreement; and the agreement table in Welsh."""

from __future__ import annotations

from html import unescape as html_unescape
from typing import Any

import pytest
from django.urls import reverse

from casescreen.assessments.models import Answer, Assessment
from casescreen.cases.models import Case
from casescreen.moderation.models import DoubleAssessment, Reconciliation
from casescreen.moderation.selectors import inspection_agreement
from casescreen.moderation.services import (
    ModerationRefused,
    double_assessment_choose,
    reconcile,
)
from casescreen.programme.selectors import ProgrammeFilters, agreement_tables
from tests.moderation.conftest import answer_all, disagree_once

FIRST_EVIDENCE = "Seen in the plan with the case manager."


def test_the_lead_as_second_assessor_sees_no_first_answer_on_the_compare_page(
    double: DoubleAssessment, lead_inspector: Any, as_user: Any
) -> None:
    case = double.case
    Answer.objects.filter(assessment=case.assessment).update(evidence=FIRST_EVIDENCE)
    url = reverse("reconcile", args=[case.inspection.reference, case.reference])
    lead = as_user(lead_inspector)

    html = html_unescape(lead.get(url).content.decode())
    assert FIRST_EVIDENCE not in html
    assert 'id="comparison"' in html
    assert 'id="row-' not in html
    assert "The first assessment is not shown to you until you have completed yours." in html
    second = reverse("second_assessment", args=[case.inspection.reference, case.reference])
    assert f'href="{second}"' in html

    disagree_once(double, lead_inspector)
    html = html_unescape(lead.get(url).content.decode())
    assert FIRST_EVIDENCE in html
    assert 'id="row-' in html


def _taken_out_by_a_redraw(case: Any) -> None:
    """What a redraw of the sample before fieldwork does to a case it leaves out: back to
    the population, its unstarted assessment removed (``sampling.services.sample_draw``)."""
    Case.objects.filter(pk=case.pk).update(sample_status=Case.SampleStatus.POPULATION)
    Assessment.objects.filter(case=case, status=Assessment.Status.NOT_STARTED).delete()


def test_a_double_assessment_of_a_case_a_redraw_took_out_keeps_its_pages(
    case: Any, inspector: Any, lead_inspector: Any, as_user: Any
) -> None:
    [double] = double_assessment_choose(
        user=lead_inspector, inspection=case.inspection, cases=[case], second_inspector=inspector
    )
    _taken_out_by_a_redraw(case)
    args = [case.inspection.reference, case.reference]
    second, lead = as_user(inspector), as_user(lead_inspector)

    assert second.get(reverse("second_assessment", args=args)).status_code == 200
    refused = second.post(reverse("second_assessment", args=args))
    assert refused.status_code == 400
    assert "Answer question 1.1" in refused.content.decode()

    page = lead.get(reverse("reconcile", args=args))
    assert page.status_code == 200
    assert "Disagreements can be reconciled once both assessments are completed." in (
        html_unescape(page.content.decode())
    )
    refused = lead.post(
        reverse("reconcile", args=args),
        {"question_id": "q1_1_offending_understood", "value": "no", "reason": "Checked"},
    )
    assert refused.status_code == 400
    assert "The first assessment of case TS1001 is not completed" in refused.content.decode()
    assert lead.get(reverse("moderation", args=args[:1])).status_code == 200
    double.refresh_from_db()
    assert double.status == DoubleAssessment.Status.IN_PROGRESS
    assert not Reconciliation.objects.exists()


def test_agreement_leaves_out_a_case_excluded_from_the_sample(
    double: DoubleAssessment, lead_inspector: Any
) -> None:
    inspection = double.case.inspection
    disagree_once(double, lead_inspector)
    assert inspection_agreement(inspection).overall.pairs > 0
    # Excluded while its first assessment was under way, then completed all the same.
    Case.objects.filter(pk=double.case.pk).update(sample_status=Case.SampleStatus.EXCLUDED)

    assert inspection_agreement(inspection).overall.pairs == 0
    programme = agreement_tables(ProgrammeFilters(framework=inspection.framework()))
    assert programme == {}


def test_the_agreement_table_names_its_questions_in_the_pages_language(
    double: DoubleAssessment, lead_inspector: Any, as_user: Any, settings: Any
) -> None:
    settings.CASESCREEN_AGREEMENT_MIN_PAIRS = 1
    answer_all(double, lead_inspector)
    from casescreen.moderation.services import second_complete

    second_complete(user=lead_inspector, double=double)
    client = as_user(lead_inspector)
    url = reverse("moderation", args=[double.case.inspection.reference])

    html = client.get(url).content.decode()
    table = html[html.index('id="agreement"') :]
    table = table[: table.index("</table>")]
    assert "q1_1_offending_understood" not in table
    assert "1.1 " in table
    assert "1.00 (" in table and " to " in table

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    html = client.get(url).content.decode()
    table = html[html.index('id="agreement"') :]
    table = table[: table.index("</table>")]
    assert "q1_1_offending_understood" not in table
    assert " to " not in table
    assert " i 1.00)" in table


def test_reconciling_a_question_the_facts_took_away_says_so(
    double: DoubleAssessment, lead_inspector: Any, as_user: Any
) -> None:
    case = double.case
    question = disagree_once(double, lead_inspector, "q1_2_psr_quality")
    # The first assessment reopened, the report found never to have been prepared, and
    # completed again, while the lead's page still offers the disagreement.
    Case.objects.filter(pk=case.pk).update(psr_prepared=False)
    case.refresh_from_db()

    with pytest.raises(ModerationRefused, match="Question 1.2 no longer applies to case TS1001"):
        reconcile(user=lead_inspector, double=double, question_id=question, value="no", reason="r")
    response = as_user(lead_inspector).post(
        reverse("reconcile", args=[case.inspection.reference, case.reference]),
        {"question_id": question, "value": "no", "reason": "Checked"},
    )
    assert response.status_code == 400
    assert "Question 1.2 no longer applies to case TS1001" in response.content.decode()
    assert not Reconciliation.objects.exists()
    answer = Answer.objects.get(assessment=case.assessment, question_id=question)
    assert answer.value == "yes"
