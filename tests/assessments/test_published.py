"""Once the report is published, nothing about the inspection's cases may change."""

from __future__ import annotations

from typing import Any

import pytest

from casescreen.assessments.models import Answer, Assessment, PracticeExample
from casescreen.audit.models import AuditEvent
from casescreen.inspections.models import Inspection

FROZEN = Inspection.RECORDS_FROZEN_MESSAGE


def _publish(inspection: Any, status: str = Inspection.Status.PUBLISHED) -> None:
    Inspection.objects.filter(pk=inspection.pk).update(status=status)


@pytest.fixture
def answered(case: Any, inspector: Any, as_user: Any, save_answer: Any) -> Any:
    """The case with one answer given before publication."""
    response = save_answer(as_user(inspector), case, "q1_1_offending_understood", "yes")
    assert response.status_code == 200
    return case


@pytest.mark.parametrize("status", [Inspection.Status.PUBLISHED, Inspection.Status.CLOSED])
def test_answers_evidence_and_examples_cannot_change_after_publication(
    answered: Any, inspector: Any, as_user: Any, url: Any, save_answer: Any, status: str
) -> None:
    _publish(answered.inspection, status)
    events = AuditEvent.objects.count()
    client = as_user(inspector)

    response = save_answer(
        client, answered, "q1_1_offending_understood", "no", evidence="Late", version=1
    )
    assert response.status_code == 403
    assert response.json()["error"] == FROZEN
    theme_post = client.post(
        url("theme", answered, "1"),
        {
            "case_reference": answered.reference,
            "q1_1_offending_understood-value": "no",
            "q1_1_offending_understood-evidence": "Late",
            "q1_1_offending_understood-version": "1",
        },
    )
    assert theme_post.status_code == 403
    assert FROZEN in theme_post.content.decode()
    example = {"paragraph": "1.4", "pseudonym": "Sam", "text": "Weekly visits."}
    assert client.post(url("practice_examples", answered), example).status_code == 403

    answer = Answer.objects.get(assessment__case=answered)
    assert (answer.value, answer.evidence, answer.version) == ("yes", "", 1)
    assert not PracticeExample.objects.exists()
    assert AuditEvent.objects.count() == events


def test_facts_cannot_change_after_publication(
    answered: Any, inspector: Any, as_user: Any, url: Any
) -> None:
    _publish(answered.inspection)
    opened = {**answered.facts(), "case_manager_present": False}
    response = as_user(inspector).post(
        url("case_facts", answered),
        {
            **{f"original_{name}": str(value) for name, value in opened.items()},
            "sentence_type": "custody",
        },
    )
    assert response.status_code == 403
    assert FROZEN in response.content.decode()
    answered.refresh_from_db()
    assert (answered.sentence_type, answered.version) == ("youth_rehabilitation_order", 1)


def test_the_lead_can_neither_complete_nor_reopen_after_publication(
    answered: Any, lead_inspector: Any, as_user: Any, url: Any
) -> None:
    _publish(answered.inspection)
    client = as_user(lead_inspector)
    version = Assessment.objects.get(case=answered).version
    response = client.post(url("check_answers", answered), {"version": str(version)})
    assert response.status_code == 403
    assert Assessment.objects.get(case=answered).status == Assessment.Status.IN_PROGRESS

    Assessment.objects.filter(case=answered).update(status=Assessment.Status.COMPLETED)
    response = client.post(url("reopen_assessment", answered), {"reason": "A late document"})
    assert response.status_code == 403
    assert FROZEN in response.content.decode()
    assert Assessment.objects.get(case=answered).status == Assessment.Status.COMPLETED


def test_pages_say_why_and_offer_no_inputs_after_publication(
    answered: Any, lead_inspector: Any, as_user: Any, url: Any
) -> None:
    client = as_user(lead_inspector)
    before = client.get(url("theme", answered, "1")).content.decode()
    assert 'name="q1_1_offending_understood-value"' in before
    _publish(answered.inspection)

    theme = client.get(url("theme", answered, "1")).content.decode()
    assert FROZEN in theme
    assert 'name="q1_1_offending_understood-value"' not in theme
    facts = client.get(url("case_facts", answered)).content.decode()
    assert FROZEN in facts
    assert 'name="sentence_type"' not in facts
    examples = client.get(url("practice_examples", answered)).content.decode()
    assert FROZEN in examples
    assert 'name="text"' not in examples
    check = client.get(url("check_answers", answered)).content.decode()
    assert FROZEN in check
    assert "Mark as complete" not in check
    Assessment.objects.filter(case=answered).update(status=Assessment.Status.COMPLETED)
    page = client.get(url("case", answered)).content.decode()
    assert FROZEN in page
    assert "Reopen the assessment" not in page


def _writes() -> dict[str, Any]:
    from casescreen.assessments.facts import case_update_facts
    from casescreen.assessments.services import assessment_answer, practice_example_add

    return {
        "answer": lambda case, user: assessment_answer(
            user=user,
            case=case,
            question_id="q1_1_offending_understood",
            value="yes",
            evidence="",
            based_on_version=0,
        ),
        "facts": lambda case, user: case_update_facts(
            user=user,
            case=case,
            facts={"looked_after": True, "case_manager_present": True},
            opened_with={"looked_after": False, "case_manager_present": False},
        ),
        "example": lambda case, user: practice_example_add(
            user=user, case=case, paragraph="1.4", pseudonym="Sam", text="Weekly visits."
        ),
    }


def _postgresql_only() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks and READ COMMITTED snapshots are PostgreSQL's")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("write", ["answer", "facts", "example"])
def test_a_write_that_waited_for_publication_is_refused(
    case: Any, inspector: Any, write: str
) -> None:
    """The case was read before publication; the write reaches its lock during it."""
    import threading

    from django.db import connection, transaction

    from casescreen.assessments.services import RecordsFrozen, hold_case_writes
    from casescreen.cases.models import Case

    _postgresql_only()
    read_before = Case.objects.select_related("inspection").get(pk=case.pk)
    outcome: dict[str, str] = {}

    def attempt() -> None:
        try:
            _writes()[write](read_before, inspector)
            outcome["result"] = "saved"
        except RecordsFrozen:
            outcome["result"] = "refused"
        finally:
            connection.close()

    with transaction.atomic():
        hold_case_writes(case.inspection)
        _publish(case.inspection)
        waiting = threading.Thread(target=attempt)
        waiting.start()
        waiting.join(timeout=1)
        assert waiting.is_alive()  # held back by publication
    waiting.join(timeout=10)
    assert outcome == {"result": "refused"}
    assert not Answer.objects.exists()
    assert not PracticeExample.objects.exists()
    assert Case.objects.get(pk=case.pk).looked_after is False


@pytest.mark.django_db(transaction=True)
def test_publication_waits_for_a_write_under_way(demo: Any) -> None:
    """Publishing the report waits while any of the inspection's assessments is being
    written, so the data it checks and freezes includes that write."""
    import threading

    from django.db import connection, transaction

    from tests.dataprotection.helpers import publish_report

    _postgresql_only()
    published: dict[str, Any] = {}

    def publish() -> None:
        try:
            published["version"] = publish_report(demo)
        finally:
            connection.close()

    with transaction.atomic():
        Assessment.objects.select_for_update().filter(case__inspection=demo).first()
        publishing = threading.Thread(target=publish)
        publishing.start()
        publishing.join(timeout=2)
        assert publishing.is_alive()  # held back by the write under way
        assert "version" not in published
    publishing.join(timeout=60)
    assert published["version"].number >= 1
    demo.refresh_from_db()
    assert demo.records_frozen
