"""Retention: personal data is purged after publication; the findings and the audit stay."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from casescreen.accounts.models import User
from casescreen.assessments.models import Answer, PracticeExample
from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_changes, audit_record
from casescreen.cases.models import Case, CaseIdentity
from casescreen.dataprotection.retention import months_before
from casescreen.demo import data as demo_module
from casescreen.inspections.models import Inspection
from casescreen.reports.models import Comment
from casescreen.reports.services import content_hash
from casescreen.sampling.models import ImportUpload, SampleExclusion, SampleRecord
from tests.dataprotection.helpers import (
    dates_equal_to,
    findings_snapshot,
    model_counts,
    publish_report,
    record_sample,
    report_snapshot,
    text_containing,
)

PUBLISHED = date(2015, 2, 25)
DUE = "2016-02-25"  # exactly twelve months after publication
NOT_YET_DUE = "2016-02-24"


def _publish(inspection: Inspection, status: str = Inspection.Status.PUBLISHED) -> None:
    inspection.status = status
    inspection.published_on = PUBLISHED
    inspection.save(update_fields=["status", "published_on"])


def _purge(*args: str) -> str:
    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def _with_personal_audit_trail(inspection: Inspection) -> None:
    """Audit events quoting personal values, as the editing pages will write them."""
    case = Case.objects.filter(inspection=inspection).order_by("reference").first()
    assert case is not None
    identity = case.identity
    audit_changes(
        user=None,
        instance=identity,
        before={"child_name": "Ashan Perra"},
        after={"child_name": identity.child_name},
        inspection=inspection,
        case=case,
    )
    answer = Answer.objects.filter(assessment__case=case).first()
    assert answer is not None
    answer.evidence = "Ashan Perera told us about his school, Fairlop Academy."
    answer.save(update_fields=["evidence"])
    audit_record(
        user=None,
        action=AuditEvent.Action.CHANGE,
        object_type="Answer",
        object_id=answer.pk,
        inspection=inspection,
        case=case,
        field="evidence",
        old="",
        new=answer.evidence,
    )
    # A note that quotes the case reference under an unrelated field name.
    audit_record(
        user=None,
        action=AuditEvent.Action.CHANGE,
        object_type="Case",
        object_id=case.pk,
        inspection=inspection,
        case=case,
        field="note",
        new=f"Merged duplicate record of {case.reference}",
    )
    case.exclusion_reason = "Moved to live with his aunt in Ilford"
    case.save(update_fields=["exclusion_reason"])
    audit_record(
        user=None, action=AuditEvent.Action.VIEW, object_type="Case", object_id=case.pk, case=case
    )


def _with_sampling_records(inspection: Inspection) -> None:
    """A drawn sample listing the references, an exclusion reason and a pending case list."""
    record_sample(inspection, reason="Lives with his grandmother at 4 Ley Street")
    ImportUpload.objects.create(
        inspection=inspection,
        uploaded_by=User.objects.get(username=demo_module.LEAD),
        filename="redbridge-cases.csv",
        table={
            "headers": ["reference", "name"],
            "header_row": 1,
            "rows": [[2, ["RB15001", "Ashan Perera"]]],
            "kind": "CSV",
            "refused": [],
        },
        sha256="1" * 64,
    )


def _personal_data(inspection: Inspection) -> tuple[set[str], set[Any]]:
    texts: set[str] = set()
    dates: set[Any] = set()
    for name, born in CaseIdentity.objects.filter(case__inspection=inspection).values_list(
        "child_name", "date_of_birth"
    ):
        texts.add(name)
        if born is not None:
            dates.add(born)
            texts.add(born.isoformat())
    texts.update(Case.objects.filter(inspection=inspection).values_list("reference", flat=True))
    texts.update(
        Answer.objects.filter(assessment__case__inspection=inspection)
        .exclude(evidence="")
        .values_list("evidence", flat=True)
    )
    texts.update(
        SampleExclusion.objects.filter(sample__inspection=inspection).values_list(
            "reason", flat=True
        )
    )
    texts.update(
        Case.objects.filter(inspection=inspection)
        .exclude(exclusion_reason="")
        .values_list("exclusion_reason", flat=True)
    )
    for case_dates in Case.objects.filter(inspection=inspection).values_list(
        "sentence_date", "supervision_start"
    ):
        dates.update(day for day in case_dates if day is not None)
    texts.update(
        Comment.objects.filter(report__inspection=inspection).values_list("text", flat=True)
    )
    return texts, dates


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2016, 2, 25), 12, date(2015, 2, 25)),
        (date(2016, 3, 31), 1, date(2016, 2, 29)),
        (date(2016, 1, 15), 1, date(2015, 12, 15)),
        (date(2016, 1, 15), 0, date(2016, 1, 15)),
        (date(2017, 5, 31), 27, date(2015, 2, 28)),
    ],
)
def test_months_before_counts_calendar_months(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected


def test_dry_run_lists_what_would_be_purged_and_changes_nothing(demo: Inspection) -> None:
    _publish(demo)
    _with_personal_audit_trail(demo)
    identities = list(CaseIdentity.objects.order_by("pk").values())
    cases = list(Case.objects.order_by("pk").values())
    answers = list(Answer.objects.order_by("pk").values())
    events = list(AuditEvent.objects.order_by("pk").values())

    output = _purge("--dry-run", "--today", DUE)

    assert "Would purge redbridge-2015-02" in output
    assert "identities 33" in output
    assert "nothing changed" in output
    assert list(CaseIdentity.objects.order_by("pk").values()) == identities
    assert list(Case.objects.order_by("pk").values()) == cases
    assert list(Answer.objects.order_by("pk").values()) == answers
    assert list(AuditEvent.objects.order_by("pk").values()) == events


def test_purge_leaves_no_personal_data_anywhere(demo: Inspection) -> None:
    publish_report(demo)
    _publish(demo)
    _with_personal_audit_trail(demo)
    _with_sampling_records(demo)
    texts, dates = _personal_data(demo)
    assert "Ashan Perera" in texts and "RB15001" in texts
    assert date(2014, 11, 3) in dates  # the first case's sentence date
    assert Comment.objects.filter(report__inspection=demo).count() == 2
    assert text_containing(texts), "the audit trail quotes personal data before the purge"
    other = Inspection.objects.get(reference=demo_module.FIELDWORK_REFERENCE)
    others = {
        "cases.CaseIdentity": set(
            CaseIdentity.objects.filter(case__inspection=other).values_list("pk", flat=True)
        ),
        "cases.Case": set(Case.objects.filter(inspection=other).values_list("pk", flat=True)),
    }
    assert dates_equal_to(dates, others)

    output = _purge("--today", DUE)

    assert "Purged redbridge-2015-02" in output
    assert text_containing(texts) == []
    assert dates_equal_to(dates, others) == []
    comments = Comment.objects.filter(report__inspection=demo)
    assert comments.count() == 2
    assert set(comments.values_list("text", flat=True)) == {""}
    identities = CaseIdentity.objects.filter(case__inspection=demo)
    assert identities.count() == 33
    assert not identities.filter(purged_at__isnull=True).exists()
    assert not Case.objects.filter(inspection=demo).exclude(case_manager="").exists()
    references = list(Case.objects.filter(inspection=demo).values_list("reference", flat=True))
    assert len(set(references)) == 33
    assert all(ref.startswith("case-") and len(ref) == 15 for ref in references)
    assert not ImportUpload.objects.filter(inspection=demo).exists()
    record = SampleRecord.objects.get(inspection=demo)
    assert sorted(record.selected + record.reserves["referral_order"]) == sorted(references)


def test_purge_keeps_the_findings_and_access_log(demo: Inspection) -> None:
    _publish(demo, Inspection.Status.CLOSED)
    _with_personal_audit_trail(demo)
    before = findings_snapshot(demo)
    examples = PracticeExample.objects.filter(assessment__case__inspection=demo)
    quotes = list(examples.values_list("paragraph", "pseudonym", "text"))
    views = list(
        AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).values_list(
            "actor", "at", "case_id"
        )
    )
    values = list(Answer.objects.order_by("pk").values_list("question_id", "value"))

    _purge("--today", DUE)

    assert findings_snapshot(demo) == before
    assert before["completed"] == 33
    # No published version quotes them (the report was never drafted): only their place stays.
    assert list(examples.values_list("paragraph", "pseudonym", "text")) == [
        (paragraph, pseudonym, "") for paragraph, pseudonym, _ in quotes
    ]
    assert (
        list(
            AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).values_list(
                "actor", "at", "case_id"
            )
        )
        == views
    )
    assert list(Answer.objects.order_by("pk").values_list("question_id", "value")) == values


def test_purge_leaves_the_published_report_unchanged(demo: Inspection) -> None:
    version = publish_report(demo)
    _publish(demo)
    _with_personal_audit_trail(demo)
    before = report_snapshot(demo)

    _purge("--today", DUE)

    # The published versions are the record; working drafts lose the lead's typed text.
    after = report_snapshot(demo)
    published = [v for v in before["versions"] if v[4]]  # type: ignore[attr-defined]
    assert published and [v for v in after["versions"] if v[4]] == published  # type: ignore[attr-defined]
    assert after["status"] == before["status"]
    version.refresh_from_db()
    assert content_hash(version.content) == version.content_hash
    assert "In all but two cases" in json.dumps(version.content)


def test_purge_is_recorded_with_counts_not_values(demo: Inspection) -> None:
    _publish(demo)
    _with_personal_audit_trail(demo)
    with_evidence = (
        Answer.objects.filter(assessment__case__inspection=demo).exclude(evidence="").count()
    )
    # The second assessors' evidence notes, as their audit trail quotes them.
    second_notes = AuditEvent.objects.filter(
        inspection=demo, object_type="SecondAnswer", field="evidence"
    ).count()
    # And the lead's reasons for the reconciled answers.
    reconciled = AuditEvent.objects.filter(inspection=demo, object_type="Reconciliation").count()

    _purge("--today", DUE)

    event = AuditEvent.objects.get(action=AuditEvent.Action.PURGE, inspection=demo)
    assert event.actor == "system"
    counts = json.loads(event.new_value)
    assert counts["identities"] == 33
    assert counts["references"] == 33
    assert counts["evidence"] == with_evidence > 0
    assert counts["exclusion_reasons"] == 1
    assert (second_notes, reconciled) == (10, 4)
    assert counts["audit_values"] == 3 + second_notes + reconciled
    assert counts["case_dates"] == 33
    assert counts["comments"] == 0  # no report drafted


def test_second_purge_finds_nothing_left(demo: Inspection) -> None:
    _publish(demo)
    _purge("--today", DUE)
    references = list(Case.objects.order_by("pk").values_list("reference", flat=True))
    purges = AuditEvent.objects.filter(action=AuditEvent.Action.PURGE)
    # Redbridge and the demo's finished self-assessment (Thornbury's, December 2014).
    assert purges.count() == 2

    output = _purge("--today", "2017-01-01")

    assert "Nothing to purge." in output
    assert purges.count() == 2
    assert list(Case.objects.order_by("pk").values_list("reference", flat=True)) == references


@pytest.mark.parametrize(
    ("status", "published_on", "today"),
    [
        (Inspection.Status.PUBLISHED, PUBLISHED, NOT_YET_DUE),
        (Inspection.Status.DRAFTING, None, "2030-01-01"),
        (Inspection.Status.FACTUAL_ACCURACY, PUBLISHED, "2030-01-01"),
    ],
)
def test_inspections_not_yet_due_are_untouched(
    demo: Inspection, status: str, published_on: date | None, today: str
) -> None:
    """(The demo's finished self-assessment, due by then, is purged alongside: see
    ``test_purge_self_assessment``.)"""
    demo.status = status
    demo.published_on = published_on
    demo.save(update_fields=["status", "published_on"])
    counts = model_counts()
    identities = CaseIdentity.objects.filter(case__inspection=demo).order_by("pk")
    names = list(identities.values_list("child_name", "date_of_birth"))
    answers = Answer.objects.filter(assessment__case__inspection=demo).order_by("pk")
    evidence = list(answers.values_list("evidence", flat=True))

    output = _purge("--today", today)

    assert demo.reference not in output
    # Nothing was written but the record of the self-assessment's purge.
    purges = AuditEvent.objects.filter(action=AuditEvent.Action.PURGE)
    assert list(purges.values_list("inspection__kind", flat=True)) == ["self_assessment"]
    assert model_counts() == counts | {"audit.AuditEvent": counts["audit.AuditEvent"] + 1}
    assert list(identities.values_list("child_name", "date_of_birth")) == names
    assert list(answers.values_list("evidence", flat=True)) == evidence


def test_retention_period_comes_from_settings(demo: Inspection, settings: Any) -> None:
    _publish(demo)
    settings.CASESCREEN_RETENTION_MONTHS = 1

    output = _purge("--today", "2015-03-25")

    assert "Purged redbridge-2015-02" in output
    assert not CaseIdentity.objects.filter(case__inspection=demo).exclude(child_name="").exists()


def test_a_malformed_day_is_refused(db: Any) -> None:
    with pytest.raises(CommandError, match="'25/02/2016' is not a YYYY-MM-DD date"):
        _purge("--today", "25/02/2016")


def test_sessions_that_have_ended_are_deleted_with_the_page_kept_in_them(db: Any) -> None:
    from datetime import timedelta

    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from casescreen.accounts.kept_post import KEY

    ended, live = SessionStore(), SessionStore()
    ended[KEY] = {"path": "/x/", "post": {"evidence": ["Ashan Perera told us about school."]}}
    ended.save()
    live["anything"] = 1
    live.save()
    Session.objects.filter(session_key=ended.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    assert "Would delete 1 session that has ended." in _purge("--dry-run")
    assert Session.objects.count() == 2

    assert "Deleted 1 session that had ended." in _purge()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    assert "Deleted 0 sessions that had ended." in _purge()


def _pdf_text(content: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def test_purge_empties_the_emailed_timetable_and_refuses_to_send_it_again(
    inspection: Inspection, make_case: Any, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    from casescreen.dataprotection.services import inspection_purge_personal_data
    from casescreen.fieldwork.notices import timetable_send
    from casescreen.fieldwork.services import allocation_assign, timetable_apply_suggestion
    from casescreen.notifications.models import SentEmail
    from casescreen.notifications.services import Attachment, send

    make_case(inspection, "TS900", case_manager="Ann Able")
    allocation_assign(
        user=lead_inspector, inspection=inspection, references=["TS900"], inspector=inspector
    )
    timetable_apply_suggestion(user=lead_inspector, inspection=inspection)
    # Sent once, and once without an address (failed, waiting to be sent again).
    failed = timetable_send(user=lead_inspector, inspection=inspection)
    inspection.yot.manager_email = "m@x.org"
    inspection.yot.save()
    sent = timetable_send(user=lead_inspector, inspection=inspection)
    assert (failed.status, sent.status) == ("failed", "sent")
    for email in (failed, sent):
        text = _pdf_text(bytes(email.attachment))
        assert "TS900" in text and "Ann Able" in text
    letter = send(
        user=lead_inspector,
        inspection=inspection,
        kind=SentEmail.Kind.ANNOUNCEMENT,
        to=["m@x.org"],
        subject="Letter",
        body="Attached.",
        attachment=Attachment("letter.pdf", b"%PDF-letter", "application/pdf"),
    )
    _publish(inspection)

    inspection_purge_personal_data(inspection=inspection)

    for email in SentEmail.objects.filter(kind=SentEmail.Kind.TIMETABLE):
        assert bytes(email.attachment) == b""
        assert email.attachment_name == "testshire-2015-06-timetable.pdf"
    response = as_user(lead_inspector).post(
        f"/inspections/{inspection.reference}/emails/{failed.pk}/retry/",
        {"back": "emails"},
        follow=True,
    )
    assert (
        "This email cannot be sent again: its attachment named cases and was deleted "
        "with the inspection&#x27;s personal data."
    ) in response.content.decode()
    assert not SentEmail.objects.filter(retry_of=failed).exists()
    # The announcement letter names no case: it is kept as sent.
    letter.refresh_from_db()
    assert bytes(letter.attachment) == b"%PDF-letter"


def test_a_purge_run_again_removes_a_timetable_an_earlier_purge_left(
    inspection: Inspection, make_case: Any, lead_inspector: Any, inspector: Any
) -> None:
    """An inspection purged before the timetable was purged too: the plan counts what of
    the timetable is left, so the next daily purge removes it."""
    from casescreen.dataprotection.selectors import purge_plan
    from casescreen.dataprotection.services import inspection_purge_personal_data
    from casescreen.fieldwork.models import Interview
    from casescreen.fieldwork.notices import timetable_send
    from casescreen.fieldwork.services import allocation_assign, timetable_apply_suggestion
    from casescreen.notifications.models import SentEmail

    make_case(inspection, "TS900", case_manager="Ann Able")
    allocation_assign(
        user=lead_inspector, inspection=inspection, references=["TS900"], inspector=inspector
    )
    timetable_apply_suggestion(user=lead_inspector, inspection=inspection)
    inspection.yot.manager_email = "m@x.org"
    inspection.yot.save()
    timetable_send(user=lead_inspector, inspection=inspection)
    _publish(inspection)
    interviews = list(Interview.objects.filter(inspection=inspection).values())
    pdf = bytes(SentEmail.objects.get(kind=SentEmail.Kind.TIMETABLE).attachment)
    inspection_purge_personal_data(inspection=inspection)
    # As an earlier purge left it: everything else gone, the timetable still there.
    Interview.objects.bulk_create(Interview(**row) for row in interviews)
    SentEmail.objects.filter(kind=SentEmail.Kind.TIMETABLE).update(attachment=pdf)
    assert purge_plan(inspection).counts() == dict.fromkeys(purge_plan(inspection).counts(), 0) | {
        "timetables": 2
    }

    inspection_purge_personal_data(inspection=inspection)

    assert not Interview.objects.filter(inspection=inspection).exists()
    assert bytes(SentEmail.objects.get(kind=SentEmail.Kind.TIMETABLE).attachment) == b""
    assert purge_plan(inspection).empty


def test_purge_blanks_the_reconciliation_reasons_the_audit_trail_quotes(demo: Inspection) -> None:
    """The demo's lead reconciled four disagreements, each with a typed reason that the
    audit trail records beside the answer chosen."""
    from casescreen.moderation.models import Reconciliation

    _publish(demo)
    reasons = set(
        Reconciliation.objects.filter(double_assessment__case__inspection=demo).values_list(
            "reason", flat=True
        )
    )
    events = AuditEvent.objects.filter(inspection=demo, object_type="Reconciliation")
    assert reasons and events.count() == 4
    assert text_containing(reasons)

    _purge("--today", DUE)

    assert text_containing(reasons) == []
    # Who reconciled which question, and when, stays.
    assert events.count() == 4
    assert set(events.values_list("old_value", "new_value")) == {("", "")}


def test_a_purge_run_again_removes_notes_an_earlier_purge_left(demo: Inspection) -> None:
    """An inspection purged before its quality assurance threads and second assessors'
    notes were purged too: the plan counts them, so the next daily purge removes them."""
    from casescreen.dataprotection.retention import PURGED_TEXT
    from casescreen.dataprotection.selectors import purge_plan
    from casescreen.dataprotection.services import inspection_purge_personal_data
    from casescreen.moderation.models import Reconciliation, SecondAnswer
    from casescreen.quality.models import QueriesOverride, Query, QueryMessage

    _publish(demo)
    lead = User.objects.get(username=demo_module.LEAD)
    inspection_purge_personal_data(inspection=demo)
    # As an earlier purge left them: everything else gone, the notes still there.
    note = "Ashan's plan was not reviewed after the move."
    second = SecondAnswer.objects.filter(double_assessment__case__inspection=demo).first()
    assert second is not None
    SecondAnswer.objects.filter(pk=second.pk).update(evidence=note)
    Reconciliation.objects.filter(double_assessment__case__inspection=demo).update(
        reason=note, first_evidence=note
    )
    answer = Answer.objects.filter(assessment__case__inspection=demo).first()
    assert answer is not None
    query = Query.objects.create(assessment=answer.assessment, subject="fact", key="looked_after")
    QueryMessage.objects.create(query=query, author=lead, text=note)
    QueriesOverride.objects.create(inspection=demo, reason=note, open_queries=1, by=lead)
    plan = purge_plan(demo)
    assert plan.counts() == dict.fromkeys(plan.counts(), 0) | {
        "quality_notes": 2,
        "moderation_notes": 5,
    }

    inspection_purge_personal_data(inspection=demo)

    assert text_containing({note}) == []
    assert QueryMessage.objects.get(query=query).text == PURGED_TEXT
    assert QueriesOverride.objects.get(inspection=demo).reason == PURGED_TEXT
    assert purge_plan(demo).empty
