"""Saving answers: as given, versioned, audited, refused when stale or tampered with."""

from __future__ import annotations

from typing import Any

import pytest

from casescreen.assessments.forms import EVIDENCE_MAX_CHARS
from casescreen.assessments.models import Answer, Assessment
from casescreen.assessments.services import assessment_answer
from casescreen.audit.models import AuditEvent


def _answers(case: Any) -> dict[str, tuple[str, str, int]]:
    return {
        a.question_id: (a.value, a.evidence, a.version)
        for a in Answer.objects.filter(assessment__case=case)
    }


def test_answer_is_saved_as_given_and_returns_new_version(
    case: Any, inspector: Any, as_user: Any, save_answer: Any
) -> None:
    client = as_user(inspector)
    response = save_answer(client, case, "q1_1_offending_understood", "no", evidence="Not shown.")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1
    assert body["counted"] is True
    assert len(body["saved_at"]) == 5
    assert _answers(case) == {"q1_1_offending_understood": ("no", "Not shown.", 1)}
    assessment = Assessment.objects.get(case=case)
    assert assessment.status == Assessment.Status.IN_PROGRESS
    assert assessment.inspector == inspector

    response = save_answer(client, case, "q1_1_offending_understood", "yes", version=1)
    assert response.json()["version"] == 2
    assert _answers(case) == {"q1_1_offending_understood": ("yes", "", 2)}


def test_every_change_is_audited_with_old_and_new_values(
    case: Any, inspector: Any, as_user: Any, save_answer: Any
) -> None:
    client = as_user(inspector)
    save_answer(client, case, "q1_1_offending_understood", "no", evidence="First note")
    save_answer(client, case, "q1_1_offending_understood", "yes", evidence="Second note", version=1)
    changes = {
        (e.action, e.field, e.old_value, e.new_value, e.actor)
        for e in AuditEvent.objects.filter(case=case, object_type="Answer")
    }
    assert changes == {
        ("create", "value", "", "no", "inspector"),
        ("create", "evidence", "", "First note", "inspector"),
        ("change", "value", "no", "yes", "inspector"),
        ("change", "evidence", "First note", "Second note", "inspector"),
    }
    assert AuditEvent.objects.filter(
        case=case, action="transition", new_value="In progress"
    ).exists()


def test_two_clients_editing_the_same_answer_second_is_refused_with_both_values(
    case: Any, inspector: Any, lead_inspector: Any, as_user: Any, save_answer: Any
) -> None:
    first, second = as_user(inspector), as_user(lead_inspector)
    # Both open the page while the question is unanswered (version 0).
    assert save_answer(first, case, "q1_1_offending_understood", "yes").status_code == 200
    response = save_answer(second, case, "q1_1_offending_understood", "no", evidence="Mine")
    assert response.status_code == 409
    body = response.json()
    assert body["current"]["value"] == "yes"
    assert body["current"]["version"] == 1
    assert body["current"]["updated_by"] == "Ian Inspector"
    assert body["mine"] == {"value": "no", "evidence": "Mine"}
    assert _answers(case) == {"q1_1_offending_understood": ("yes", "", 1)}
    # Keep mine: save again against the current version.
    response = save_answer(
        second, case, "q1_1_offending_understood", "no", evidence="Mine", version=1
    )
    assert response.status_code == 200
    assert _answers(case) == {"q1_1_offending_understood": ("no", "Mine", 2)}


def test_stale_theme_form_shows_conflict_page_and_keep_mine_resaves(
    case: Any, inspector: Any, lead_inspector: Any, as_user: Any, url: Any, save_answer: Any
) -> None:
    save_answer(as_user(lead_inspector), case, "q1_1_offending_understood", "yes")
    client = as_user(inspector)
    page = url("theme", case, "1")
    response = client.post(
        page,
        {
            "case_reference": case.reference,
            "q1_1_offending_understood-value": "no",
            "q1_1_offending_understood-evidence": "My evidence",
            "q1_1_offending_understood-version": "0",
            "q1_2_psr_quality-value": "yes",
            "q1_2_psr_quality-evidence": "",
            "q1_2_psr_quality-version": "0",
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed an answer" in html
    assert "My evidence" in html and "Lena Lead" in html
    # The page is saved together or not at all: the answer without a conflict waits for
    # the choice, carried in the conflict page's form.
    assert _answers(case) == {"q1_1_offending_understood": ("yes", "", 1)}
    assert 'name="q1_2_psr_quality-value" value="yes"' in html
    response = client.post(
        page,
        {
            "case_reference": case.reference,
            "q1_1_offending_understood-value": "no",
            "q1_1_offending_understood-evidence": "My evidence",
            "q1_1_offending_understood-version": "1",
            "q1_1_offending_understood-keep": "mine",
            "q1_2_psr_quality-value": "yes",
            "q1_2_psr_quality-evidence": "",
            "q1_2_psr_quality-version": "0",
        },
    )
    assert response.status_code == 302
    assert _answers(case) == {
        "q1_1_offending_understood": ("no", "My evidence", 2),
        "q1_2_psr_quality": ("yes", "", 1),
    }


def test_keep_theirs_leaves_the_saved_answer(
    case: Any, inspector: Any, lead_inspector: Any, as_user: Any, url: Any, save_answer: Any
) -> None:
    save_answer(as_user(lead_inspector), case, "q1_1_offending_understood", "yes")
    response = as_user(inspector).post(
        url("theme", case, "1"),
        {
            "case_reference": case.reference,
            "q1_1_offending_understood-value": "no",
            "q1_1_offending_understood-evidence": "Mine",
            "q1_1_offending_understood-version": "1",
            "q1_1_offending_understood-keep": "theirs",
        },
    )
    assert response.status_code == 302
    assert _answers(case) == {"q1_1_offending_understood": ("yes", "", 1)}


def test_a_page_with_one_bad_answer_saves_nothing_and_shows_what_was_typed(
    case: Any, inspector: Any, as_user: Any, url: Any
) -> None:
    response = as_user(inspector).post(
        url("theme", case, "1"),
        {
            "case_reference": case.reference,
            "q1_1_offending_understood-value": "no",
            "q1_1_offending_understood-evidence": "Seen in the plan of 3 May.",
            "q1_1_offending_understood-version": "0",
            "q1_2_psr_quality-value": "yes",
            "q1_2_psr_quality-evidence": "Pasted from the case record\x00 with a NUL",
            "q1_2_psr_quality-version": "0",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The evidence for question 1.2 contains a control character (U+0000)" in html
    assert 'href="#q1_2_psr_quality-evidence"' in html
    # What was typed is shown again, for both questions.
    assert "Seen in the plan of 3 May." in html
    assert "Pasted from the case record" in html
    assert 'name="q1_1_offending_understood-value" type="radio" value="no" checked' in html
    # Nothing of the page is saved: no answer, no status change, no audit record.
    assert _answers(case) == {}
    assert Assessment.objects.get(case=case).status == Assessment.Status.NOT_STARTED
    assert not AuditEvent.objects.filter(case=case).exclude(action="view").exists()


def test_theme_form_without_javascript_saves_and_continues(
    case: Any, inspector: Any, as_user: Any, url: Any
) -> None:
    client = as_user(inspector)
    page = url("theme", case, "1")
    assert client.get(page).status_code == 200
    response = client.post(
        page,
        {
            "case_reference": case.reference,
            "q1_1_offending_understood-value": "yes",
            "q1_1_offending_understood-evidence": "",
            "q1_1_offending_understood-version": "0",
            "q1_4_plan_used_well-evidence": "",
            "q1_4_plan_used_well-version": "0",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("theme", case, "2")
    # An untouched question creates no answer.
    assert _answers(case) == {"q1_1_offending_understood": ("yes", "", 1)}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"question_id": "q9_9_made_up"}, "There is no question"),
        ({"value": "maybe"}, "is not an answer to question 1.1"),
        ({"value": "yes", "evidence": "x" * (EVIDENCE_MAX_CHARS + 1)}, "the limit is 10,000"),
        ({"case_reference": "TS9999"}, "names case TS9999"),
        ({"version": "abc"}, "is not a number"),
    ],
)
def test_tampered_answer_is_refused_with_400_and_nothing_saved(
    case: Any, inspector: Any, as_user: Any, url: Any, data: dict[str, str], message: str
) -> None:
    post = {
        "case_reference": case.reference,
        "question_id": "q1_1_offending_understood",
        "value": "yes",
        "evidence": "",
        "version": "0",
        **data,
    }
    response = as_user(inspector).post(url("answer_save", case), post)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not Answer.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["create", "change"]).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("q9_9_made_up-value", "yes", "There is no question"),
        ("q1_1_offending_understood-value", "perhaps", "is not an answer"),
        ("q1_1_offending_understood-evidence", "x" * (EVIDENCE_MAX_CHARS + 1), "the limit is"),
        ("q2_2_risk_understood-value", "yes", "is not on this page"),
        ("case_reference", "OTHER1", "names case OTHER1"),
        ("surprise", "1", "Unexpected field"),
    ],
)
def test_tampered_theme_form_is_refused_with_400_and_nothing_saved(
    case: Any, inspector: Any, as_user: Any, url: Any, field: str, value: str, message: str
) -> None:
    post = {
        "case_reference": case.reference,
        "q1_4_plan_used_well-value": "yes",
        "q1_4_plan_used_well-version": "0",
        field: value,
    }
    response = as_user(inspector).post(url("theme", case, "1"), post)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Answer.objects.exists()


def test_refused_and_missing_evidence_are_said_beside_its_field(
    case: Any, inspector: Any, as_user: Any, url: Any, save_answer: Any
) -> None:
    client = as_user(inspector)
    assert save_answer(client, case, "q1_1_offending_understood", "no").status_code == 200
    page = client.get(url("theme", case, "1")).content.decode()
    assert (
        '<p class="govuk-error-message" id="q1_1_offending_understood-evidence-error">'
        '<span class="govuk-visually-hidden">Error:</span> Write the evidence for the No answer</p>'
    ) in page
    refused = client.post(
        url("theme", case, "1"),
        {
            "case_reference": case.reference,
            "q1_4_plan_used_well-evidence": "x" * (EVIDENCE_MAX_CHARS + 1),
            "q1_4_plan_used_well-version": "0",
        },
    )
    assert refused.status_code == 400
    assert '<p class="govuk-error-message" id="q1_4_plan_used_well-evidence-refused">' in (
        refused.content.decode()
    )


def test_answer_for_another_inspections_case_is_refused_and_nothing_saved(
    case: Any, inspector: Any, as_user: Any, make_case: Any, other_yot: Any, lead_inspector: Any
) -> None:
    from datetime import date

    from django.urls import reverse

    from casescreen.inspections.models import Inspection, TeamMembership

    other = Inspection.objects.create(
        yot=other_yot,
        reference="elsewhere-2015-07",
        framework_id="sqs",
        framework_version="2015.1",
        fieldwork_start=date(2015, 7, 1),
        fieldwork_end=date(2015, 7, 2),
    )
    TeamMembership.objects.create(inspection=other, user=inspector, role="inspector")
    other_case = make_case(other, "EW1")
    client = as_user(inspector)
    # The other inspection's case named in a post to this case: 400.
    response = client.post(
        reverse("answer_save", args=[case.inspection.reference, case.reference]),
        {
            "case_reference": other_case.reference,
            "question_id": "q1_1_offending_understood",
            "value": "yes",
            "version": "0",
        },
    )
    assert response.status_code == 400
    # The other inspection's case under this inspection's address: not found.
    response = client.post(
        reverse("answer_save", args=[case.inspection.reference, other_case.reference]),
        {
            "case_reference": other_case.reference,
            "question_id": "q1_1_offending_understood",
            "value": "yes",
            "version": "0",
        },
    )
    assert response.status_code == 404
    assert not Answer.objects.exists()


def test_outsider_cannot_save_an_answer(
    case: Any, outsider: Any, as_user: Any, save_answer: Any
) -> None:
    assert (
        save_answer(as_user(outsider), case, "q1_1_offending_understood", "yes").status_code == 404
    )
    assert not Answer.objects.exists()


def test_completed_assessment_is_read_only_for_inspectors(
    case: Any, inspector: Any, as_user: Any, save_answer: Any
) -> None:
    Assessment.objects.filter(case=case).update(status=Assessment.Status.COMPLETED)
    response = save_answer(as_user(inspector), case, "q1_1_offending_understood", "yes")
    assert response.status_code == 403
    assert "lead inspector can reopen" in response.json()["error"]
    assert not Answer.objects.exists()


def test_an_answer_save_takes_a_fixed_number_of_queries(
    case: Any, inspector: Any, as_user: Any, save_answer: Any, django_assert_num_queries: Any
) -> None:
    client = as_user(inspector)
    question = "q1_1_offending_understood"
    assert save_answer(client, case, question, "no", evidence="First").status_code == 200
    # The user (the session is read from the cache; its renewal is at most once a
    # minute), the case with the access check, then inside a savepoint the locked
    # assessment, the inspection's status read after the lock, the answer, its update
    # and one insert for both audit rows: the same on every database.
    with django_assert_num_queries(9):
        response = save_answer(client, case, question, "yes", evidence="Second", version=1)
    assert response.json()["version"] == 2
    assert AuditEvent.objects.filter(case=case, object_type="Answer", action="change").count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("meanwhile", ["changed", "created"])
def test_a_save_waiting_for_the_lock_sees_the_answer_saved_meanwhile(
    case: Any, inspector: Any, lead_inspector: Any, meanwhile: str
) -> None:
    """Two saves based on the same version: the one that waited for the other is refused."""
    import threading

    from django.db import connection, transaction

    from casescreen.assessments.services import StaleVersion, assessment_answer

    if connection.vendor != "postgresql":
        pytest.skip("row locks and READ COMMITTED snapshots are PostgreSQL's")
    question = "q1_1_offending_understood"
    based_on = 0
    if meanwhile == "changed":
        assessment_answer(
            user=inspector,
            case=case,
            question_id=question,
            value="yes",
            evidence="",
            based_on_version=0,
        )
        based_on = 1
    outcome: dict[str, object] = {}

    def second_save() -> None:
        try:
            assessment_answer(
                user=lead_inspector,
                case=case,
                question_id=question,
                value="no",
                evidence="Theirs",
                based_on_version=based_on,
            )
            outcome["result"] = "saved"
        except StaleVersion as exc:
            outcome["result"] = exc.current.version if exc.current else None
        finally:
            connection.close()

    with transaction.atomic():
        # Hold the assessment lock, write the answer, and let the second save start.
        assessment = Assessment.objects.select_for_update().get(case=case)
        if meanwhile == "changed":
            Answer.objects.filter(assessment__case=case).update(value="no", version=2)
        else:
            Answer.objects.create(assessment=assessment, question_id=question, value="no")
        waiting = threading.Thread(target=second_save)
        waiting.start()
        waiting.join(timeout=1)
        assert waiting.is_alive()  # blocked on the lock
    waiting.join(timeout=10)
    expected = 2 if meanwhile == "changed" else 1
    assert outcome == {"result": expected}
    assert _answers(case) == {question: ("no", "", expected)}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("waiting", ["publication", "case facts"])
def test_a_save_commits_while_a_writer_holding_its_inspection_or_case_waits_for_it(
    case: Any, inspector: Any, lead_inspector: Any, waiting: str
) -> None:
    """The audit rows of a save link to its inspection and case, and PostgreSQL checks the
    links when the save commits, taking a share lock on those rows. Publication locks
    the inspection, and a change of facts the case, before they wait for the assessment
    the save holds: they lock them for an update that leaves the key alone, which the
    check does not wait for, so neither side deadlocks."""
    import threading

    from django.db import connection, transaction

    from casescreen.assessments.facts import case_update_facts
    from casescreen.assessments.services import hold_case_writes
    from casescreen.cases.models import Case
    from casescreen.inspections.models import Inspection

    if connection.vendor != "postgresql":
        pytest.skip("row locks and deferred constraint checks are PostgreSQL's")
    question = "q1_1_offending_understood"
    outcome: dict[str, str] = {}

    def other_writer() -> None:
        try:
            with transaction.atomic():
                if waiting == "publication":
                    hold_case_writes(Inspection.objects.get(pk=case.inspection_id))
                else:
                    case_update_facts(
                        user=lead_inspector,
                        case=Case.objects.select_related("inspection").get(pk=case.pk),
                        facts={"looked_after": True},
                        opened_with={"looked_after": False},
                    )
            outcome["other"] = "done"
        except Exception as exc:  # noqa: BLE001 - a deadlock is reported, not raised
            outcome["other"] = repr(exc)
        finally:
            connection.close()

    with transaction.atomic():
        assessment_answer(
            user=inspector,
            case=case,
            question_id=question,
            value="yes",
            evidence="",
            based_on_version=0,
        )
        other = threading.Thread(target=other_writer)
        other.start()
        other.join(timeout=1)
        assert other.is_alive()  # waiting for the assessment's lock
    other.join(timeout=10)
    assert outcome == {"other": "done"}
    assert _answers(case) == {question: ("yes", "", 1)}


def test_the_answer_save_has_no_database_function(db: Any) -> None:
    """The save is the ORM's on every database: migration ``assessments/0005`` drops the
    PostgreSQL function that once held a second copy of its rules."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL ever had the function")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_proc WHERE proname = 'casescreen_answer_save'")
        assert cursor.fetchone()[0] == 0


def test_deleting_a_person_or_case_keeps_its_audit_events_with_the_link_emptied(
    case: Any, inspector: Any, as_user: Any, save_answer: Any
) -> None:
    """Audit events link to their person, inspection and case with foreign keys; deleting
    one empties the link (``on_delete=SET_NULL``), and the events stay."""
    save_answer(as_user(inspector), case, "q1_1_offending_understood", "yes")
    events = AuditEvent.objects.filter(object_type="Answer", object_id="q1_1_offending_understood")
    ids = set(events.values_list("pk", flat=True))
    assert ids
    inspector.delete()
    case.delete()
    kept = AuditEvent.objects.filter(pk__in=ids)
    assert set(kept.values_list("user_id", "case_id", "actor")) == {(None, None, "inspector")}


@pytest.mark.parametrize("link", ["user_id", "inspection_id", "case_id"])
def test_the_database_refuses_an_audit_event_naming_what_does_not_exist(
    case: Any, inspector: Any, link: str
) -> None:
    from django.db import IntegrityError, connection, transaction

    # Checked now rather than at commit (PostgreSQL defers the check), and rolled back.
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.create(
            actor="inspector", action="view", object_type="Case", **{link: 10**9}
        )
        connection.check_constraints(table_names=[AuditEvent._meta.db_table])
