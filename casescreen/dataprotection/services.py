"""Writes for data protection: purging personal data after the retention period."""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from casescreen.accounts.models import User
from casescreen.assessments.models import Answer, Assessment, PracticeExample
from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_record
from casescreen.cases.models import Case, CaseIdentity
from casescreen.dataprotection.document import DocumentError, VerifiedDocument, verify
from casescreen.dataprotection.retention import (
    PURGED_PROBLEM_MARK,
    PURGED_REFERENCE_PREFIX,
    PURGED_TEXT,
    problem_key_purged,
    report_content_purged,
)
from casescreen.dataprotection.schema import (
    CASE_FIELDS,
    INSPECTION_FIELDS,
    PayloadDoc,
    ReportDoc,
    parse_payload,
    referenced_usernames,
)
from casescreen.dataprotection.selectors import (
    PurgePlan,
    audit_values_to_blank,
    emailed_timetables,
    examples_to_purge,
    expired_sessions,
    inspection_audit_events,
    purge_plan,
    queries_overrides_to_purge,
    query_messages_to_purge,
    reconciliations_to_purge,
    report_drafts_to_purge,
    second_notes_to_purge,
    unpurged_cases,
)
from casescreen.fieldwork.models import Interview, Unavailability
from casescreen.inspections.access import team_member_refusal
from casescreen.inspections.letter import letter_html_clean
from casescreen.inspections.models import (
    CopyListContact,
    Inspection,
    InspectionTransition,
    TeamMembership,
    Yot,
    yots_named,
)
from casescreen.reoffending.models import ReoffendingChoice
from casescreen.reports.models import Comment, ConsistencyOverride, Report, ReportVersion
from casescreen.reports.services import content_hash
from casescreen.sampling.models import ImportUpload, SampleExclusion, SampleRecord

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,60}")


def _opaque_references(count: int, taken: set[str]) -> list[str]:
    """``count`` random tokens, none already used in the inspection."""
    tokens: list[str] = []
    while len(tokens) < count:
        token = f"{PURGED_REFERENCE_PREFIX}{secrets.token_hex(5)}"
        if token not in taken:
            taken.add(token)
            tokens.append(token)
    return tokens


def _rename_in_samples(inspection: Inspection, renamed: dict[str, str]) -> None:
    """Follow the new references in the recorded samples, so each still lists its cases."""
    records = list(SampleRecord.objects.filter(inspection=inspection))
    for record in records:
        record.selected = [renamed.get(ref, ref) for ref in record.selected]
        record.reserves = {
            stratum: [renamed.get(ref, ref) for ref in refs]
            for stratum, refs in record.reserves.items()
        }
    SampleRecord.objects.bulk_update(records, ["selected", "reserves"])


@transaction.atomic
def inspection_purge_personal_data(*, inspection: Inspection, user: Any = None) -> PurgePlan:
    """Remove the personal data of one inspection's cases (see ``retention`` for the rule).

    Returns what was purged (counts). The purge is recorded as one audit event
    carrying the counts, never the values. Nothing happens when nothing is left.
    """
    inspection = Inspection.objects.select_for_update(no_key=True).get(pk=inspection.pk)
    plan = purge_plan(inspection)
    if plan.empty:
        return plan
    now = timezone.now()

    cases = list(unpurged_cases(inspection).order_by("pk"))
    taken = set(Case.objects.filter(inspection=inspection).values_list("reference", flat=True))
    renamed: dict[str, str] = {}
    for case, token in zip(cases, _opaque_references(len(cases), taken), strict=True):
        renamed[case.reference] = token
        case.reference = token
    Case.objects.bulk_update(cases, ["reference"])
    _rename_in_samples(inspection, renamed)
    SampleExclusion.objects.filter(sample__inspection=inspection).update(reason="")
    # An upload still waiting for confirmation is the YOT's raw case list, names and all.
    ImportUpload.objects.filter(inspection=inspection).delete()
    # The fieldwork timetable names case managers and is done with once fieldwork is.
    Interview.objects.filter(inspection=inspection).delete()
    Unavailability.objects.filter(inspection=inspection).delete()
    # So does the timetable PDF emailed to the YOT manager. Its name stays, so that a
    # failed sending is refused rather than sent again without it; the other emails'
    # attachment (the announcement letter) names no case.
    emailed_timetables(inspection).update(attachment=b"")
    Case.objects.filter(inspection=inspection).update(
        case_manager="", exclusion_reason="", sentence_date=None, supervision_start=None
    )
    Comment.objects.filter(report__inspection=inspection).exclude(text="").update(text="")

    CaseIdentity.objects.filter(case__inspection=inspection).update(
        child_name="", date_of_birth=None
    )
    CaseIdentity.objects.filter(case__inspection=inspection, purged_at__isnull=True).update(
        purged_at=now
    )
    CaseIdentity.objects.bulk_create(
        CaseIdentity(case=case, purged_at=now)
        for case in Case.objects.filter(inspection=inspection, identity__isnull=True)
    )
    Answer.objects.filter(assessment__case__inspection=inspection).exclude(evidence="").update(
        evidence=""
    )
    _purge_typed_text(inspection)
    AuditEvent.objects.filter(pk__in=audit_values_to_blank(inspection).values("pk")).update(
        old_value="", new_value=""
    )

    audit_record(
        user=user,
        action=AuditEvent.Action.PURGE,
        object_type="Inspection",
        object_id=inspection.pk,
        inspection=inspection,
        field="personal_data",
        new=json.dumps(plan.counts(), sort_keys=True),
    )
    return plan


def expired_sessions_delete() -> int:
    """Delete the sessions that have ended (see ``expired_sessions``); how many."""
    deleted, _ = expired_sessions().delete()
    return deleted


def _purge_typed_text(inspection: Inspection) -> None:
    """The reasons, notes and drafts people typed about the inspection (see ``retention``)."""
    overrides = list(
        ConsistencyOverride.objects.filter(report__inspection=inspection).exclude(
            reason="", problem_key__contains=PURGED_PROBLEM_MARK
        )
    )
    for override in overrides:
        override.reason = ""
        override.problem_key = problem_key_purged(override.problem_key, override.pk)
        # The override's audit events name the problem in their field.
        inspection_audit_events(inspection).filter(
            object_type="ConsistencyOverride", object_id=str(override.pk)
        ).update(field=override.problem_key)
    ConsistencyOverride.objects.bulk_update(overrides, ["reason", "problem_key"])
    InspectionTransition.objects.filter(inspection=inspection).exclude(reason="").update(reason="")
    Assessment.objects.filter(case__inspection=inspection).exclude(reopen_reason="").update(
        reopen_reason=""
    )
    SampleRecord.objects.filter(inspection=inspection).exclude(redraw_reason="").update(
        redraw_reason=""
    )
    # Quality assurance threads and the reason for going on with queries open (required).
    query_messages_to_purge(inspection).update(text=PURGED_TEXT)
    queries_overrides_to_purge(inspection).update(reason=PURGED_TEXT)
    # Figures chosen by hand must keep a reason (a database constraint).
    choices = ReoffendingChoice.objects.filter(inspection=inspection).exclude(
        reason__in=["", PURGED_TEXT]
    )
    choices.filter(automatic=True).update(reason="")
    choices.filter(automatic=False).update(reason=PURGED_TEXT)
    examples_to_purge(inspection).update(text="")
    # The second assessor's notes, and the lead's reasons for the answers that count.
    second_notes_to_purge(inspection).update(evidence="")
    reconciliations_to_purge(inspection).update(reason=PURGED_TEXT, first_evidence="")
    drafts, report = report_drafts_to_purge(inspection)
    for version in drafts:
        version.content = report_content_purged(version.content)
        if version.content_cy is not None:
            version.content_cy = report_content_purged(version.content_cy)
        # A draft is not a frozen record: its hash follows what it now holds.
        version.content_hash = content_hash(version.content, version.content_cy)
    ReportVersion.objects.bulk_update(drafts, ["content", "content_cy", "content_hash"])
    if report is not None:
        report.content = report_content_purged(report.content)
        if report.content_cy is not None:
            report.content_cy = report_content_purged(report.content_cy)
        report.save(update_fields=["content", "content_cy", "updated_at"])


M = TypeVar("M", bound=models.Model)


def _create_as_recorded(model: type[M], recorded: dict[str, datetime], **fields: Any) -> M:
    """Create a row, then give the times its insert stamped (``auto_now_add``) back the
    values recorded in the document."""
    row = model._default_manager.create(**fields)
    model._default_manager.filter(pk=row.pk).update(**recorded)
    return row


@dataclass(frozen=True)
class ImportResult:
    inspection: Inspection
    cases: int
    answers: int
    created_users: tuple[str, ...]
    yot_created: bool


def read_inspection_document(
    raw: bytes, *, accept_foreign_signature: bool = False
) -> tuple[VerifiedDocument, PayloadDoc]:
    """Check the whole document (envelope, digest, signature, schema, rules); write nothing."""
    verified = verify(raw, accept_foreign_signature=accept_foreign_signature)
    return verified, parse_payload(verified.payload)


@transaction.atomic
def inspection_import(
    *,
    raw: bytes,
    reference: str | None = None,
    accept_foreign_signature: bool = False,
    create_missing_users: bool = False,
    user: Any = None,
) -> ImportResult:
    """Create an inspection from an exported document, all or nothing.

    Every check runs before the first write; a refusal raises DocumentError and
    the database is untouched. Team members and other people named in the file
    must already have accounts here (matched by username); with
    ``create_missing_users`` they are created inactive, with no password and no
    standing role beyond inspector, for an administrator to review.
    """
    verified, payload = read_inspection_document(
        raw, accept_foreign_signature=accept_foreign_signature
    )
    target = reference or payload.inspection.reference
    if reference is not None and not SLUG.fullmatch(reference):
        raise DocumentError(f"--as {reference!r}: use letters, digits, hyphens and underscores")
    if Inspection.objects.filter(reference=target).exists():
        raise DocumentError(
            f"payload.inspection.reference: inspection {target!r} already exists here; "
            "import it under another reference with --as NEW_REF"
        )
    wanted = referenced_usernames(payload)
    users = {u.username: u for u in User.objects.filter(username__in=wanted)}
    missing = sorted(wanted - users.keys())
    if missing and not create_missing_users:
        raise DocumentError(
            f"users: no account for {', '.join(missing)}; create them first, "
            "or import with --create-missing-users (created inactive)"
        )
    # The team rule of every other way onto a team, checked against the YOT the
    # inspection will belong to (a new YOT has no people yet).
    known_yot = yots_named(payload.yot.name).first()
    team_of = Inspection(yot=known_yot) if known_yot is not None else Inspection()
    for index, member in enumerate(payload.team):
        account = users.get(member.username)
        refusal = team_member_refusal(account, team_of) if account is not None else None
        if refusal is not None:
            raise DocumentError(f"payload.team[{index}].username: {refusal}")
    for username in missing:
        created = User(username=username, is_active=False, role=User.Role.INSPECTOR)
        created.set_unusable_password()
        created.save()
        users[username] = created

    def person(username: str | None) -> User | None:
        return users[username] if username else None

    yot, yot_created = _import_yot(payload)
    data = payload.inspection
    inspection = Inspection.objects.create(
        yot=yot,
        reference=target,
        **{name: getattr(data, name) for name in INSPECTION_FIELDS},
    )
    TeamMembership.objects.bulk_create(
        TeamMembership(inspection=inspection, user=users[m.username], role=m.role)
        for m in payload.team
    )
    for t in payload.transitions:
        _create_as_recorded(
            InspectionTransition,
            {"at": t.at},
            inspection=inspection,
            from_status=t.from_status,
            to_status=t.to_status,
            by=person(t.by),
            actor=t.actor,
            reason=t.reason,
            # Kept only as sanitised markup: the file's HTML is not trusted.
            letter_html=str(letter_html_clean(t.letter_html)),
        )

    cases = Case.objects.bulk_create(
        Case(inspection=inspection, **{name: getattr(c, name) for name in CASE_FIELDS})
        for c in payload.cases
    )
    CaseIdentity.objects.bulk_create(
        CaseIdentity(case=case, **doc.identity.model_dump())
        for case, doc in zip(cases, payload.cases, strict=True)
        if doc.identity is not None
    )
    pairs = [
        (case, doc.assessment)
        for case, doc in zip(cases, payload.cases, strict=True)
        if doc.assessment is not None
    ]
    assessments = Assessment.objects.bulk_create(
        Assessment(
            case=case,
            inspector=person(doc.inspector),
            case_manager_present=doc.case_manager_present,
            status=doc.status,
            framework_id=doc.framework_id,
            framework_version=doc.framework_version,
            version=doc.version,
            completed_at=doc.completed_at,
            reopen_reason=doc.reopen_reason,
        )
        for case, doc in pairs
    )
    answers = Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            question_id=a.question_id,
            value=a.value,
            evidence=a.evidence,
            version=a.version,
            updated_by=person(a.updated_by),
        )
        for assessment, (_, doc) in zip(assessments, pairs, strict=True)
        for a in doc.answers
    )
    for assessment, (_, doc) in zip(assessments, pairs, strict=True):
        for p in doc.practice_examples:
            _create_as_recorded(
                PracticeExample,
                {"created_at": p.created_at},
                assessment=assessment,
                paragraph=p.paragraph,
                text=p.text,
                pseudonym=p.pseudonym,
                language=p.language,
                created_by=person(p.created_by),
            )

    if payload.report is not None:
        _import_report(inspection, payload.report, person)
    by_reference = {case.reference: case for case in cases}
    _import_samples(inspection, payload, by_reference, person)
    _import_audit(inspection, payload, by_reference)

    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        object_type="Inspection",
        object_id=inspection.pk,
        inspection=inspection,
        field="import",
        new=f"sha256:{verified.digest}"
        + ("" if verified.signed_here else " (signed by another installation)"),
    )
    return ImportResult(
        inspection=inspection,
        cases=len(cases),
        answers=len(answers),
        created_users=tuple(missing),
        yot_created=yot_created,
    )


def _import_samples(
    inspection: Inspection, payload: PayloadDoc, by_reference: dict[str, Case], person: Any
) -> None:
    """The sample's draws and exclusions, with their recorded times."""
    for s in payload.samples:
        record = _create_as_recorded(
            SampleRecord,
            {"drawn_at": s.drawn_at},
            inspection=inspection,
            seed=s.seed,
            rule=s.rule,
            parameters=s.parameters,
            population_hash=s.population_hash,
            population_size=s.population_size,
            size=s.size,
            selected=s.selected,
            reserves=s.reserves,
            strata=s.strata,
            drawn_by=person(s.drawn_by),
            redraw_reason=s.redraw_reason,
        )
        for e in s.exclusions:
            _create_as_recorded(
                SampleExclusion,
                {"excluded_at": e.excluded_at},
                sample=record,
                case=by_reference[e.case],
                reason=e.reason,
                replacement=by_reference[e.replacement] if e.replacement else None,
                excluded_by=person(e.excluded_by),
            )


def _import_audit(
    inspection: Inspection, payload: PayloadDoc, by_reference: dict[str, Case]
) -> None:
    """The audit trail as recorded, in one insert; people are linked where they have an
    account here (the recorded name is kept either way)."""
    named = {event.user for event in payload.audit if event.user}
    accounts = {u.username: u for u in User.objects.filter(username__in=named)}
    events = AuditEvent.objects.bulk_create(
        AuditEvent(
            user=accounts.get(e.user) if e.user else None,
            actor=e.actor,
            action=e.action,
            inspection=inspection,
            case=by_reference[e.case] if e.case else None,
            object_type=e.object_type,
            object_id=e.object_id,
            field=e.field,
            old_value=e.old_value,
            new_value=e.new_value,
        )
        for e in payload.audit
    )
    # The insert stamps the time of import (auto_now_add); keep the recorded times.
    for event, doc in zip(events, payload.audit, strict=True):
        event.at = doc.at
    AuditEvent.objects.bulk_update(events, ["at"], batch_size=500)


def _import_report(inspection: Inspection, doc: ReportDoc, person: Any) -> None:
    """The report, its frozen versions, comments and overrides, with their recorded times."""
    report = Report.objects.create(
        inspection=inspection,
        status=doc.status,
        content=doc.content,
        content_cy=doc.content_cy,
        version=doc.version,
    )
    for v in doc.versions:
        _create_as_recorded(
            ReportVersion,
            {"created_at": v.created_at},
            report=report,
            number=v.number,
            content=v.content,
            data=v.data,
            content_cy=v.content_cy,
            data_cy=v.data_cy,
            content_hash=v.content_hash,
            published=v.published,
            published_at=v.published_at,
            created_by=person(v.created_by),
        )
    comments: dict[int, Comment] = {}
    for c in doc.comments:
        comment = _create_as_recorded(
            Comment,
            {"created_at": c.created_at},
            report=report,
            paragraph_key=c.paragraph_key,
            parent=comments[c.parent] if c.parent is not None else None,
            author=person(c.author),
            text=c.text,
        )
        comments[c.id] = comment
    for o in doc.overrides:
        _create_as_recorded(
            ConsistencyOverride,
            {"created_at": o.created_at},
            report=report,
            problem_key=o.problem_key,
            reason=o.reason,
            by=person(o.by),
        )


def _import_yot(payload: PayloadDoc) -> tuple[Yot, bool]:
    """The YOT of that name here (ignoring case, as the register), or a new one with the
    exported details and copy list."""
    doc = payload.yot
    existing = yots_named(doc.name).first()
    if existing is not None:
        return existing, False
    yot = Yot.objects.create(**doc.model_dump(exclude={"copy_list"}))
    CopyListContact.objects.bulk_create(
        CopyListContact(yot=yot, **contact.model_dump()) for contact in doc.copy_list
    )
    return yot, True
