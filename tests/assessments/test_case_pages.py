"""Case facts, practice examples, check answers, completion, reopening and the inspection home."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.html import escape

from casescreen.assessments.models import Answer, Assessment, PracticeExample
from casescreen.audit.models import AuditEvent
from casescreen.cases.forms import CHOICE_FACTS, original
from casescreen.cases.models import Case


def _facts(case: Any, *, manager_then: bool = False, **changes: Any) -> dict[str, str]:
    """The facts form opened on ``case`` as it is in memory and sent with ``changes``, as a
    browser sends it: the chosen options, "on" for each tick checked (a tick left out is
    unticked), and the values the form was opened with."""
    opened = {**case.facts(), "case_manager_present": manager_then}
    data = {name: case.facts()[name] for name in CHOICE_FACTS}
    data.update({original(name): str(value) for name, value in opened.items()})
    data.update({k: v for k, v in changes.items() if v is not None})
    return data


class _Inputs(HTMLParser):
    """The inputs of a page's form: hidden ones, and each radio group's values in order."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden: list[tuple[str, str]] = []
        self.radios: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag != "input" or found.get("name") == "csrfmiddlewaretoken":
            return
        name, value = found.get("name") or "", found.get("value") or ""
        if found.get("type") == "hidden":
            self.hidden.append((name, value))
        elif found.get("type") == "radio":
            self.radios.setdefault(name, []).append(value)


def _conflict_choice(html: str, keep: str) -> dict[str, str]:
    """What the facts conflict page sends when ``keep`` ("mine" or "theirs") is chosen."""
    inputs = _Inputs()
    inputs.feed(html)
    data = dict(inputs.hidden)
    for name, values in inputs.radios.items():
        data[name] = values[0 if keep == "mine" else 1]
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


def test_facts_two_people_changed_in_different_fields_are_merged_and_nothing_is_lost(
    case: Any, inspector: Any, lead_inspector: Any, as_user: Any, url: Any
) -> None:
    # The inspector opens the form and ticks "looked after"; meanwhile the lead ticks
    # "the case manager was present" on the same case.
    stale = _facts(case, psr_prepared="on", has_plan="on", looked_after="on")
    lead_form = _facts(case, psr_prepared="on", has_plan="on", case_manager_present="on")
    assert as_user(lead_inspector).post(url("case_facts", case), lead_form).status_code == 302
    response = as_user(inspector).post(url("case_facts", case), stale)
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.looked_after, case.psr_prepared, case.has_plan) == (True, True, True)
    assert Assessment.objects.get(case=case).case_manager_present is True
    changes = {
        (e.actor, e.field, e.new_value)
        for e in AuditEvent.objects.filter(case=case, action="change").exclude(
            field="facts_confirmed_at"
        )
    }
    assert changes == {
        ("lead-inspector", "case_manager_present", "yes"),
        ("inspector", "looked_after", "yes"),
    }


def test_confirming_the_facts_unchanged_is_recorded_in_the_history(
    case: Any, inspector: Any, as_user: Any, url: Any
) -> None:
    client = as_user(inspector)
    assert client.post(url("case_facts", case), _facts(case)).status_code == 302
    assessment = Assessment.objects.get(case=case)
    event = AuditEvent.objects.get(case=case, field="facts_confirmed_at")
    assert (event.actor, event.action, event.object_id) == (
        "inspector",
        "change",
        str(assessment.pk),
    )
    assert event.old_value == ""
    confirmed = timezone.localtime(assessment.facts_confirmed_at)
    assert event.new_value == confirmed.isoformat(timespec="seconds")
    assert "facts_confirmed_at" in client.get(url("case_history", case)).content.decode()


def _same_field_conflict(
    case: Any, inspector: Any, lead_inspector: Any, as_user: Any, url: Any
) -> Any:
    stale = _facts(case, psr_prepared="on", has_plan="on", rosh_level="low", looked_after="on")
    lead_form = _facts(
        case, psr_prepared="on", has_plan="on", rosh_level="high", identifiable_victim="on"
    )
    assert as_user(lead_inspector).post(url("case_facts", case), lead_form).status_code == 302
    client = as_user(inspector)
    response = client.post(url("case_facts", case), stale)
    assert response.status_code == 409
    html = response.content.decode()
    framework = case.inspection.framework()
    rosh = framework.facts["rosh_level"].label
    assert "There is a problem" in html
    assert f"Someone else changed “{rosh}” to High: choose which to keep" in html
    # Beside the field, the same message describes its radios.
    assert 'aria-describedby="conflict-rosh_level-error"' in html
    assert (
        '<p class="govuk-error-message" id="conflict-rosh_level-error">'
        '<span class="govuk-visually-hidden">Error:</span> '
        f"Someone else changed “{rosh}” to High: choose which to keep</p>"
    ) in html
    assert "Yours: Low" in html and "Saved now: High" in html
    # Only the field both changed is a conflict.
    assert framework.facts["looked_after"].label not in html
    assert framework.facts["identifiable_victim"].label not in html
    # Nothing of the stale form is saved yet.
    case.refresh_from_db()
    assert (case.rosh_level, case.identifiable_victim, case.looked_after) == ("high", True, False)
    return client, html


def test_facts_two_people_changed_in_the_same_field_conflict_there_and_keep_mine_merges(
    case: Any, inspector: Any, lead_inspector: Any, as_user: Any, url: Any
) -> None:
    client, html = _same_field_conflict(case, inspector, lead_inspector, as_user, url)
    response = client.post(url("case_facts", case), _conflict_choice(html, "mine"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.rosh_level, case.identifiable_victim, case.looked_after) == ("low", True, True)


def test_facts_conflict_says_what_to_do_in_the_language_of_the_page(
    case: Any, inspector: Any, lead_inspector: Any, as_user: Any, url: Any
) -> None:
    stale = _facts(case, psr_prepared="on", has_plan="on", rosh_level="low")
    lead_form = _facts(case, psr_prepared="on", has_plan="on", rosh_level="high")
    assert as_user(lead_inspector).post(url("case_facts", case), lead_form).status_code == 302
    client = as_user(inspector)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    response = client.post(url("case_facts", case), stale)
    assert response.status_code == 409
    html = response.content.decode()
    # In the error summary and beside the field.
    assert html.count(escape("dewiswch pa un i'w gadw")) == 2
    assert "choose which to keep" not in html


def test_facts_conflict_keep_theirs_keeps_their_value_and_saves_my_other_change(
    case: Any, inspector: Any, lead_inspector: Any, as_user: Any, url: Any
) -> None:
    client, html = _same_field_conflict(case, inspector, lead_inspector, as_user, url)
    response = client.post(url("case_facts", case), _conflict_choice(html, "theirs"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.rosh_level, case.identifiable_victim, case.looked_after) == ("high", True, True)


def test_facts_form_without_the_values_it_was_opened_with_is_refused(
    case: Any, inspector: Any, as_user: Any, url: Any
) -> None:
    data = _facts(case, looked_after="on")
    del data[original("rosh_level")]
    response = as_user(inspector).post(url("case_facts", case), data)
    assert response.status_code == 400
    assert "sent without the values it was opened with" in response.content.decode()
    case.refresh_from_db()
    assert (case.looked_after, case.version) == (False, 1)


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


def test_practice_example_naming_the_child_is_refused_and_not_stored(
    case: Any, inspector: Any, as_user: Any, url: Any
) -> None:
    client = as_user(inspector)
    data = {"paragraph": "1.4", "pseudonym": "Sam", "text": "The case manager saw JAMIE weekly."}
    response = client.post(url("practice_examples", case), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "part of the name of a child in the sample" in page
    assert 'href="#id_text"' in page  # the error summary points at the quote
    assert "JAMIE" not in page.replace("JAMIE weekly.</textarea>", "")
    assert not PracticeExample.objects.exists()
    # There is no confirming it away: the same quote is refused again.
    response = client.post(url("practice_examples", case), {**data, "identity_checked": "on"})
    assert response.status_code == 400
    assert not PracticeExample.objects.exists()
    assert not AuditEvent.objects.filter(object_type="PracticeExample").exists()
    response = client.post(
        url("practice_examples", case), {**data, "text": "The case manager saw Sam weekly."}
    )
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


@pytest.mark.parametrize(
    ("pseudonym", "text", "field", "refused"),
    [
        # Another sampled child's surname, and first name used as the changed name.
        ("Sam", "Sam's mother, Mrs Okafor, came to every meeting.", "id_text", True),
        ("Robin", "Robin came to every meeting.", "id_pseudonym", True),
        ("Sam", "Sam met the officer who had worked with TS1002.", "id_text", True),
        # A child on the case list who was not sampled is nobody in the report.
        ("Sam", "Sam's mother, Mrs Marlowe, came to every meeting.", "", False),
        ("Sam", "Sam met the officer who had worked with TS9001.", "", False),
        # The same letters as an ordinary word are not a name.
        ("Sam", "Sam and other young people came to every meeting.", "", False),
    ],
)
def test_practice_example_identifying_a_sampled_child_is_refused(
    case: Any,
    make_case: Any,
    inspector: Any,
    as_user: Any,
    url: Any,
    pseudonym: str,
    text: str,
    field: str,
    refused: bool,
) -> None:
    make_case(case.inspection, "TS1002", name="Robin Okafor-Young")
    make_case(
        case.inspection, "TS9001", name="Kit Marlowe", sample_status=Case.SampleStatus.POPULATION
    )
    response = as_user(inspector).post(
        url("practice_examples", case), {"paragraph": "1.4", "pseudonym": pseudonym, "text": text}
    )
    if not refused:
        assert response.status_code == 302
        assert PracticeExample.objects.get().text == text
        return
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and f'href="#{field}"' in page
    assert "Okafor" not in page.replace(escape(text), "")  # the name is not repeated back
    assert not PracticeExample.objects.exists()
    assert not AuditEvent.objects.filter(object_type="PracticeExample").exists()


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
    # Twelve, and the inspector's own second assessments, linked from the page.
    with django_assert_max_num_queries(13):
        html = client.get(page).content.decode()
    assert f"1 of {applicable}" in html
    assert ">TS2<" in html and ">TS3<" not in html
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
    assert (
        '<textarea name="reason"' in html
        and 'class="govuk-textarea govuk-js-character-count"' in html
    )
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


def test_a_reopen_reason_at_the_limit_with_line_breaks_is_accepted(
    case: Any, inspector: Any, lead_inspector: Any, as_user: Any, url: Any, save_answer: Any
) -> None:
    """The browser sends each line break as two characters; the page counts one."""
    from casescreen.assessments.forms import REOPEN_REASON_MAX_CHARS

    _completed(case, inspector, as_user, url, save_answer)
    lines = REOPEN_REASON_MAX_CHARS // 2
    sent = "a\r\n" * (lines - 1) + "a"  # as the counter sees it: 2 * lines - 1 characters
    response = as_user(lead_inspector).post(url("reopen_assessment", case), {"reason": sent})
    assert response.status_code == 302
    assert Assessment.objects.get(case=case).reopen_reason == sent.replace("\r\n", "\n")


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


def test_a_practice_example_for_a_yot_in_wales_says_its_language(
    case: Any, inspector: Any, as_user: Any, url: Any
) -> None:
    client = as_user(inspector)
    data = {"paragraph": "1.4", "pseudonym": "Sam", "text": "The case manager saw Sam weekly."}
    # A YOT in England: its report is in English, and so is every quote.
    assert 'name="language"' not in client.get(url("practice_examples", case)).content.decode()
    assert client.post(url("practice_examples", case), data).status_code == 302
    assert PracticeExample.objects.get().language == "en"

    yot = case.inspection.yot
    yot.nation = "wales"
    yot.save()
    page = client.get(url("practice_examples", case)).content.decode()
    assert 'name="language" type="radio" value="cy"' in page
    assert 'name="language" type="radio" value="en" checked' in page
    # Each language is named in itself, and marked so for a screen reader's voice.
    assert 'lang="cy">Cymraeg</label>' in page
    assert 'lang="en-GB">English</label>' in page
    refused = client.post(url("practice_examples", case), {**data, "language": "fr"})
    assert refused.status_code == 400 and PracticeExample.objects.count() == 1
    welsh = "Gwelodd y rheolwr achos Sam bob wythnos."
    response = client.post(
        url("practice_examples", case), {**data, "text": welsh, "language": "cy"}
    )
    assert response.status_code == 302
    example = PracticeExample.objects.get(text=welsh)
    assert example.language == "cy"
    listed = client.get(url("practice_examples", case)).content.decode()
    assert f'<p class="govuk-body" lang="cy">{welsh}</p>' in listed
