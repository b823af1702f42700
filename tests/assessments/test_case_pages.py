"""Case facts, practice examples, check answers, completion, reopening and the inspection home."""

from __future__ import annotations

from typing import Any

import pytest

from casescreen.assessments.models import Answer, Assessment, PracticeExample
from casescreen.audit.models import AuditEvent
from casescreen.cases.models import Case


def _facts(case: Any, **changes: Any) -> dict[str, str]:
    data = {"sentence_type": case.sentence_type, "version": str(case.version)}
    data.update({k: v for k, v in changes.items() if v is not None})
    return data


def test_changing_a_fact_changes_what_applies_and_keeps_answers_not_counted(
    case: Any, inspector: Any, as_user: Any, url: Any, save_answer: Any
) -> None:
    client = as_user(inspector)
    # The case has a PSR, so 1.2 applies; answer it.
    assert save_answer(client, case, "q1_2_psr_quality", "yes").status_code == 200
    response = client.post(url("case_facts", case), _facts(case, case_manager_present="on"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.psr_prepared is False
    assert case.version == 2
    # The answer is kept, shown as not counted, and the question is not applicable.
    assert Answer.objects.filter(assessment__case=case, question_id="q1_2_psr_quality").exists()
    theme = client.get(url("theme", case, "1")).content.decode()
    assert "applies to cases with a pre-sentence report only" in theme
    assert "is kept but not counted" in theme
    assert 'name="q1_2_psr_quality-value"' not in theme
    page = client.get(url("case", case)).content.decode()
    assert "Answers not counted" in page
    event = AuditEvent.objects.get(case=case, object_type="Case", field="psr_prepared")
    assert (event.old_value, event.new_value) == ("yes", "no")
    assessment = Assessment.objects.get(case=case)
    assert assessment.case_manager_present is True
    assert assessment.facts_confirmed_at is not None


def test_invalid_fact_is_a_form_error_and_nothing_saved(
    case: Any, inspector: Any, as_user: Any, url: Any
) -> None:
    response = as_user(inspector).post(
        url("case_facts", case), _facts(case, sentence_type="hanging", psr_prepared="on")
    )
    assert response.status_code == 400
    assert "Select a sentence type from the list" in response.content.decode()
    case.refresh_from_db()
    assert case.sentence_type == "youth_rehabilitation_order"
    assert case.version == 1


def test_stale_facts_show_a_conflict_page_with_both_values(
    case: Any, inspector: Any, lead_inspector: Any, as_user: Any, url: Any
) -> None:
    as_user(lead_inspector).post(
        url("case_facts", case), _facts(case, psr_prepared="on", looked_after="on")
    )
    response = as_user(inspector).post(
        url("case_facts", case), _facts(case, psr_prepared="on", version="1")
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed the case facts" in html
    assert "The child is looked after by a local authority" in html
    case.refresh_from_db()
    assert case.looked_after is True
    assert case.version == 2


def test_completing_lists_what_is_missing_with_links(
    case: Any, inspector: Any, as_user: Any, url: Any, save_answer: Any
) -> None:
    client = as_user(inspector)
    save_answer(client, case, "q1_1_offending_understood", "no")
    response = client.post(url("check_answers", case), {"version": "2"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Confirm the case facts with the case manager" in html
    assert f'href="{url("theme", case, "1")}#q1_1_offending_understood-evidence"' in html
    assert f'href="{url("theme", case, "1")}#q1_2_psr_quality-value"' in html
    assert Assessment.objects.get(case=case).status == Assessment.Status.IN_PROGRESS


def _answer_everything(client: Any, case: Any, save_answer: Any) -> None:
    case.refresh_from_db()
    framework = case.inspection.framework()
    for question_id in sorted(framework.applicable_questions(case.facts())):
        value = "no" if question_id == "q1_1_offending_understood" else "yes"
        evidence = "Not in the record." if value == "no" else ""
        assert save_answer(client, case, question_id, value, evidence=evidence).status_code == 200


def test_complete_then_only_the_lead_can_reopen(
    case: Any, inspector: Any, lead_inspector: Any, as_user: Any, url: Any, save_answer: Any
) -> None:
    client = as_user(inspector)
    client.post(url("case_facts", case), _facts(case, psr_prepared="on", has_plan="on"))
    _answer_everything(client, case, save_answer)
    version = Assessment.objects.get(case=case).version
    response = client.post(url("check_answers", case), {"version": str(version)})
    assert response.status_code == 302
    assessment = Assessment.objects.get(case=case)
    assert assessment.status == Assessment.Status.COMPLETED
    assert assessment.completed_at is not None
    # Read-only now, and an inspector cannot reopen.
    reason = {"reason": "The case manager sent the missing plan."}
    assert client.post(url("reopen_assessment", case), reason).status_code == 403
    assert Assessment.objects.get(case=case).status == Assessment.Status.COMPLETED
    response = as_user(lead_inspector).post(url("reopen_assessment", case), reason)
    assert response.status_code == 302
    assert Assessment.objects.get(case=case).status == Assessment.Status.IN_PROGRESS
    statuses = list(
        AuditEvent.objects.filter(case=case, action="transition")
        .order_by("id")
        .values_list("new_value", flat=True)
    )
    assert statuses == ["In progress", "Completed", "In progress"]


def test_practice_example_naming_the_child_is_held_back_until_confirmed(
    case: Any, inspector: Any, as_user: Any, url: Any
) -> None:
    client = as_user(inspector)
    data = {"paragraph": "1.4", "pseudonym": "Sam", "text": "The case manager saw JAMIE weekly."}
    response = client.post(url("practice_examples", case), data)
    assert response.status_code == 400
    assert "could identify the child" in response.content.decode()
    assert not PracticeExample.objects.exists()
    response = client.post(url("practice_examples", case), {**data, "identity_checked": "on"})
    assert response.status_code == 302
    example = PracticeExample.objects.get()
    assert (example.paragraph, example.pseudonym) == ("1.4", "Sam")
    assert AuditEvent.objects.filter(object_type="PracticeExample", action="create").exists()


def test_practice_example_with_case_reference_warns_and_clean_one_saves(
    case: Any, inspector: Any, as_user: Any, url: Any
) -> None:
    client = as_user(inspector)
    response = client.post(
        url("practice_examples", case),
        {"paragraph": "1.1", "pseudonym": "Sam", "text": "In case ts1001 Sam was seen."},
    )
    assert response.status_code == 400
    assert "TS1001" in response.content.decode()
    response = client.post(
        url("practice_examples", case),
        {"paragraph": "1.1", "pseudonym": "Sam", "text": "Sam was seen every week (Jamieson)."},
    )
    assert response.status_code == 302
    assert PracticeExample.objects.count() == 1


def test_oversized_quote_is_refused(case: Any, inspector: Any, as_user: Any, url: Any) -> None:
    response = as_user(inspector).post(
        url("practice_examples", case), {"paragraph": "1.1", "pseudonym": "Sam", "text": "a" * 5001}
    )
    assert response.status_code == 400
    assert "5,000 characters or fewer" in response.content.decode()
    assert not PracticeExample.objects.exists()


def test_case_page_shows_tasks_and_history(
    case: Any, inspector: Any, as_user: Any, url: Any, save_answer: Any
) -> None:
    client = as_user(inspector)
    save_answer(client, case, "q1_1_offending_understood", "yes")
    html = client.get(url("case", case)).content.decode()
    assert "Case facts" in html and "Reducing reoffending" in html
    assert "Check your answers and mark as complete" in html
    applicable = len(case.inspection.framework().applicable_questions(case.facts()))
    assert f"1 of {applicable} applicable questions answered" in html
    assert "History" in html and "q1_1_offending_understood" in html


def test_inspection_home_lists_progress_and_filters(
    inspection: Any,
    make_case: Any,
    inspector: Any,
    lead_inspector: Any,
    as_user: Any,
    save_answer: Any,
    django_assert_max_num_queries: Any,
) -> None:
    from django.urls import reverse

    first = make_case(inspection, "TS1", psr_prepared=True)
    second = make_case(inspection, "TS2")
    make_case(inspection, "TS3", sample_status=Case.SampleStatus.POPULATION)
    Assessment.objects.filter(case=second).update(inspector=lead_inspector)
    client = as_user(inspector)
    save_answer(client, first, "q1_1_offending_understood", "yes")
    applicable = len(inspection.framework().applicable_questions(first.facts()))
    page = reverse("inspection", args=[inspection.reference])
    with django_assert_max_num_queries(12):
        html = client.get(page).content.decode()
    assert f"1 of {applicable}" in html
    assert "TS2" in html and "TS3" not in html
    html = client.get(page, {"status": "in_progress"}).content.decode()
    assert "TS1" in html and ">TS2<" not in html
    html = client.get(page, {"inspector": str(lead_inspector.pk)}).content.decode()
    assert ">TS2<" in html and ">TS1<" not in html
    # An unknown filter value is ignored, not an error.
    assert client.get(page, {"status": "bogus"}).status_code == 200


def _completed(case: Any, inspector: Any, as_user: Any, url: Any, save_answer: Any) -> None:
    client = as_user(inspector)
    client.post(url("case_facts", case), _facts(case, psr_prepared="on", has_plan="on"))
    _answer_everything(client, case, save_answer)
    version = Assessment.objects.get(case=case).version
    assert client.post(url("check_answers", case), {"version": str(version)}).status_code == 302


def test_reopening_says_what_it_does_asks_why_and_records_the_reason(
    case: Any, inspector: Any, lead_inspector: Any, as_user: Any, url: Any, save_answer: Any
) -> None:
    _completed(case, inspector, as_user, url, save_answer)
    lead = as_user(lead_inspector)
    check = lead.get(url("check_answers", case)).content.decode()
    assert f'href="{url("reopen_assessment", case)}"' in check
    page = lead.get(url("reopen_assessment", case))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Reopening returns the assessment to in progress" in html
    assert '<textarea class="govuk-textarea' in html and 'name="reason"' in html
    assert ">Reopen</button>" in html
    # Without a reason: refused, and still completed.
    response = lead.post(url("reopen_assessment", case), {"reason": "  "})
    assert response.status_code == 400
    assert "Enter why you are reopening the assessment" in response.content.decode()
    assert Assessment.objects.get(case=case).status == Assessment.Status.COMPLETED
    response = lead.post(
        url("reopen_assessment", case), {"reason": "The case manager sent the missing plan."}
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(case=case)
    assert assessment.status == Assessment.Status.IN_PROGRESS
    assert assessment.reopen_reason == "The case manager sent the missing plan."
    event = AuditEvent.objects.get(case=case, field="reopen_reason")
    assert (event.actor, event.new_value) == ("lead-inspector", assessment.reopen_reason)


def test_a_reopen_reason_with_a_control_character_is_refused(
    case: Any, inspector: Any, lead_inspector: Any, as_user: Any, url: Any, save_answer: Any
) -> None:
    _completed(case, inspector, as_user, url, save_answer)
    response = as_user(lead_inspector).post(url("reopen_assessment", case), {"reason": "Why\x00"})
    assert response.status_code == 400
    assert "contains a control character (U+0000)" in response.content.decode()
    assessment = Assessment.objects.get(case=case)
    assert (assessment.status, assessment.reopen_reason) == (Assessment.Status.COMPLETED, "")


def test_the_reopen_service_checks_the_role_and_the_reason_itself(
    case: Any, inspector: Any, lead_inspector: Any, as_user: Any, url: Any, save_answer: Any
) -> None:
    from django.core.exceptions import PermissionDenied

    from casescreen.assessments.services import ReasonRequired, assessment_reopen

    _completed(case, inspector, as_user, url, save_answer)
    case = Case.objects.select_related("inspection").get(pk=case.pk)
    with pytest.raises(PermissionDenied):
        assessment_reopen(user=inspector, case=case, reason="I would like to change an answer")
    with pytest.raises(ReasonRequired):
        assessment_reopen(user=lead_inspector, case=case, reason=" \n ")
    assert Assessment.objects.get(case=case).status == Assessment.Status.COMPLETED
    assert not AuditEvent.objects.filter(case=case, field="reopen_reason").exists()


def test_completion_works_out_what_is_missing_itself(
    case: Any, inspector: Any, save_answer: Any, as_user: Any
) -> None:
    from casescreen.assessments.services import AssessmentIncomplete, assessment_complete

    save_answer(as_user(inspector), case, "q1_1_offending_understood", "no")
    case = Case.objects.select_related("inspection").get(pk=case.pk)
    version = Assessment.objects.get(case=case).version
    with pytest.raises(AssessmentIncomplete) as refused:
        assessment_complete(user=inspector, case=case, based_on_version=version)
    messages = [m.message for m in refused.value.missing]
    assert "Confirm the case facts with the case manager" in messages
    assert "Write the evidence for the No answer to question 1.1" in " ".join(messages)
    assert Assessment.objects.get(case=case).status == Assessment.Status.IN_PROGRESS
