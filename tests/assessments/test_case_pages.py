"""Case facts, practice examples, check answers, completion, reopening and the inspection home."""

from __future__ import annotations

from typing import Any

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
    assert client.post(url("reopen_assessment", case)).status_code == 403
    assert Assessment.objects.get(case=case).status == Assessment.Status.COMPLETED
    response = as_user(lead_inspector).post(url("reopen_assessment", case))
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
