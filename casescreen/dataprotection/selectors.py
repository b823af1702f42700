"""Reads for data protection: what the retention rule would purge, without changing anything."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from casescreen.assessments.models import Answer, PracticeExample
from casescreen.audit.models import AuditEvent
from casescreen.cases.models import Case, CaseIdentity
from casescreen.dataprotection.retention import (
    PURGED_AUDIT_VALUES,
    PURGED_PROBLEM_MARK,
    PURGED_TEXT,
    purge_cutoff,
    report_content_purged,
)
from casescreen.dataprotection.schema import CASE_FIELDS
from casescreen.fieldwork.models import Interview, Unavailability
from casescreen.inspections.models import (
    CopyListContact,
    Inspection,
    InspectionTransition,
    TeamMembership,
)
from casescreen.moderation.models import Reconciliation, SecondAnswer
from casescreen.notifications.models import SentEmail
from casescreen.quality.models import QueriesOverride, QueryMessage
from casescreen.reoffending.models import ReoffendingChoice
from casescreen.reports.models import Comment, ConsistencyOverride, Report, ReportVersion
from casescreen.sampling.models import ImportUpload, SampleExclusion, SampleRecord


@dataclass(frozen=True)
class PurgePlan:
    """What purging one inspection removes: counts only, never the values."""

    inspection: Inspection
    identities: int
    references: int
    case_managers: int
    exclusion_reasons: int
    evidence: int
    audit_values: int
    sample_exclusion_reasons: int
    case_list_uploads: int
    case_dates: int
    comments: int
    overrides: int
    transition_reasons: int
    reoffending_reasons: int
    practice_examples: int
    report_drafts: int
    # The interview timetable (it names case managers): its interviews, the case
    # managers' unavailability, and the PDF of it emailed to the YOT manager.
    timetables: int
    # Quality assurance threads and the reason for going on with queries open.
    quality_notes: int
    # The second assessors' notes and the reasons for reconciling their answers.
    moderation_notes: int

    @property
    def empty(self) -> bool:
        return not any(self.counts().values())

    def counts(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "inspection"}


def inspections_due_for_purge(today: date) -> QuerySet[Inspection]:
    """Inspections published, and self-assessments finished, at least the retention
    period before ``today``, oldest first. A self-assessment is never published: it is
    finished when its YOT manager closes it, and its ``finished_at`` is then."""
    cutoff = purge_cutoff(today, settings.CASESCREEN_RETENTION_MONTHS)
    closing = InspectionTransition.objects.filter(
        inspection=OuterRef("pk"), to_status=Inspection.Status.CLOSED
    )
    return (
        Inspection.objects.annotate(finished_at=Subquery(closing.values("at")[:1]))
        .filter(
            Q(
                kind=Inspection.Kind.INSPECTION,
                status__in=[Inspection.Status.PUBLISHED, Inspection.Status.CLOSED],
                published_on__lte=cutoff,
            )
            | Q(
                kind=Inspection.Kind.SELF_ASSESSMENT,
                status=Inspection.Status.CLOSED,
                finished_at__date__lte=cutoff,
            )
        )
        .select_related("yot")
        .order_by(Coalesce("published_on", TruncDate("finished_at")), "reference")
    )


def expired_sessions() -> QuerySet[Session]:
    """Sessions past their end, still in the database: Django's ``cached_db`` engine
    leaves them there (the cache forgets them by itself). Besides who was signed in, one
    may hold a page of answers sent after its sender was signed out
    (``accounts.kept_post``), which nobody will now sign in to see."""
    return Session.objects.filter(expire_date__lt=timezone.now())


def unpurged_cases(inspection: Inspection) -> QuerySet[Case]:
    """Cases whose identity has not been purged yet (or that never had one recorded)."""
    return Case.objects.filter(inspection=inspection).filter(
        Q(identity__isnull=True) | Q(identity__purged_at__isnull=True)
    )


def _comments(inspection: Inspection) -> QuerySet[Comment]:
    return Comment.objects.filter(report__inspection=inspection)


def inspection_audit_events(inspection: Inspection) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(Q(inspection=inspection) | Q(case__inspection=inspection))


def audit_values_to_blank(inspection: Inspection) -> QuerySet[AuditEvent]:
    """The inspection's audit events that still hold a value about a purged object or
    field (``retention.PURGED_AUDIT_VALUES``), found by what they are about."""
    about = Q(pk__in=[])
    for object_type, names in PURGED_AUDIT_VALUES.items():
        rule = Q(object_type=object_type)
        if names is not None:
            rule &= Q(field__in=names)
        about |= rule
    return (
        inspection_audit_events(inspection)
        .filter(about)
        .filter(~Q(old_value="") | ~Q(new_value=""))
    )


def published_quotes(inspection: Inspection) -> set[int]:
    """Ids of the practice examples a published version of the report quotes."""
    quoted: set[int] = set()
    for documents in ReportVersion.objects.filter(
        report__inspection=inspection, published=True
    ).values_list("content", "content_cy"):
        for content in filter(None, documents):
            for section in content.get("sections", []):
                for paragraph in section.get("paragraphs", []):
                    quoted.update(quote["example_id"] for quote in paragraph.get("quotes", []))
    return quoted


def _holds_text(content: dict[str, Any], content_cy: dict[str, Any] | None) -> bool:
    """Whether a draft's documents (English, and Welsh where it has one) hold typed text."""
    return any(report_content_purged(c) != c for c in (content, content_cy) if c is not None)


def examples_to_purge(inspection: Inspection) -> QuerySet[PracticeExample]:
    return (
        PracticeExample.objects.filter(assessment__case__inspection=inspection)
        .exclude(pk__in=published_quotes(inspection))
        .exclude(text="")
    )


def report_drafts_to_purge(inspection: Inspection) -> tuple[list[ReportVersion], Report | None]:
    """The unpublished versions that still hold typed text, and the report itself if it
    does and no version of it was published (a published report's content is the
    published version's)."""
    drafts = [
        version
        for version in ReportVersion.objects.filter(report__inspection=inspection, published=False)
        if _holds_text(version.content, version.content_cy)
    ]
    report = Report.objects.filter(inspection=inspection).first()
    if report is not None and (
        report.versions.filter(published=True).exists()
        or not _holds_text(report.content, report.content_cy)
    ):
        report = None
    return drafts, report


def purge_plan(inspection: Inspection) -> PurgePlan:
    drafts, report = report_drafts_to_purge(inspection)
    identities = CaseIdentity.objects.filter(case__inspection=inspection)
    cases = Case.objects.filter(inspection=inspection)
    return PurgePlan(
        inspection=inspection,
        identities=identities.filter(
            Q(purged_at__isnull=True) | ~Q(child_name="") | Q(date_of_birth__isnull=False)
        ).count(),
        references=unpurged_cases(inspection).count(),
        case_managers=cases.exclude(case_manager="").count(),
        exclusion_reasons=cases.exclude(exclusion_reason="").count(),
        evidence=Answer.objects.filter(assessment__case__inspection=inspection)
        .exclude(evidence="")
        .count(),
        audit_values=audit_values_to_blank(inspection).count(),
        sample_exclusion_reasons=SampleExclusion.objects.filter(sample__inspection=inspection)
        .exclude(reason="")
        .count(),
        case_list_uploads=ImportUpload.objects.filter(inspection=inspection).count(),
        case_dates=cases.filter(
            Q(sentence_date__isnull=False) | Q(supervision_start__isnull=False)
        ).count(),
        comments=_comments(inspection).exclude(text="").count(),
        overrides=ConsistencyOverride.objects.filter(report__inspection=inspection)
        .exclude(reason="", problem_key__contains=PURGED_PROBLEM_MARK)
        .count(),
        transition_reasons=InspectionTransition.objects.filter(inspection=inspection)
        .exclude(reason="")
        .count(),
        reoffending_reasons=ReoffendingChoice.objects.filter(inspection=inspection)
        .exclude(reason__in=["", PURGED_TEXT])
        .count(),
        practice_examples=examples_to_purge(inspection).count(),
        report_drafts=len(drafts) + (report is not None),
        timetables=Interview.objects.filter(inspection=inspection).count()
        + Unavailability.objects.filter(inspection=inspection).count()
        + emailed_timetables(inspection).count(),
        quality_notes=query_messages_to_purge(inspection).count()
        + queries_overrides_to_purge(inspection).count(),
        moderation_notes=second_notes_to_purge(inspection).count()
        + reconciliations_to_purge(inspection).count(),
    )


def query_messages_to_purge(inspection: Inspection) -> QuerySet[QueryMessage]:
    return QueryMessage.objects.filter(query__assessment__case__inspection=inspection).exclude(
        text=PURGED_TEXT
    )


def queries_overrides_to_purge(inspection: Inspection) -> QuerySet[QueriesOverride]:
    return QueriesOverride.objects.filter(inspection=inspection).exclude(reason=PURGED_TEXT)


def second_notes_to_purge(inspection: Inspection) -> QuerySet[SecondAnswer]:
    return SecondAnswer.objects.filter(double_assessment__case__inspection=inspection).exclude(
        evidence=""
    )


def reconciliations_to_purge(inspection: Inspection) -> QuerySet[Reconciliation]:
    """Reconciliations still holding their reason or the first assessor's note (the
    reason is required, so it becomes ``PURGED_TEXT``)."""
    return Reconciliation.objects.filter(double_assessment__case__inspection=inspection).exclude(
        reason=PURGED_TEXT, first_evidence=""
    )


def emailed_timetables(inspection: Inspection) -> QuerySet[SentEmail]:
    """The inspection's emails whose timetable PDF is still kept."""
    return SentEmail.objects.filter(inspection=inspection, kind=SentEmail.Kind.TIMETABLE).exclude(
        attachment=b""
    )


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _username(user: Any) -> str | None:
    return user.username if user is not None else None


def inspection_export_payload(inspection: Inspection) -> dict[str, Any]:
    """The whole inspection as JSON-ready data, in the shape of ``schema.PayloadDoc``.

    A fixed number of queries whatever the number of cases.
    """
    yot = inspection.yot
    cases = (
        Case.objects.filter(inspection=inspection)
        .select_related("identity", "assessment", "assessment__inspector")
        .order_by("reference")
    )
    # Answers and practice examples as plain rows: thousands of model instances would
    # dominate the export time.
    answers: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for case_id, *row in (
        Answer.objects.filter(assessment__case__inspection=inspection)
        .order_by("assessment_id", "question_id")
        .values_list(
            "assessment__case_id",
            "question_id",
            "value",
            "evidence",
            "version",
            "updated_by__username",
        )
    ):
        answers[case_id].append(dict(zip(ANSWER_KEYS, row, strict=True)))
    examples: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for case_id, *row in (
        PracticeExample.objects.filter(assessment__case__inspection=inspection)
        .order_by("id")
        .values_list(
            "assessment__case_id",
            "paragraph",
            "text",
            "pseudonym",
            "created_by__username",
            "created_at",
            "language",
        )
    ):
        example: dict[str, Any] = dict(zip(EXAMPLE_KEYS, row, strict=True))
        example["created_at"] = _iso(example["created_at"])
        examples[case_id].append(example)
    return {
        "yot": {
            "name": yot.name,
            "local_authority": yot.local_authority,
            "nation": yot.nation,
            "region": yot.region,
            "board_chair": yot.board_chair,
            "manager_name": yot.manager_name,
            "name_cy": yot.name_cy,
            "local_authority_cy": yot.local_authority_cy,
            "copy_list": [
                {
                    "role_title": c.role_title,
                    "role_title_cy": c.role_title_cy,
                    "name": c.name,
                    "position": c.position,
                }
                for c in CopyListContact.objects.filter(yot=yot).order_by("position", "id")
            ],
        },
        "inspection": {
            "reference": inspection.reference,
            "framework_id": inspection.framework_id,
            "framework_version": inspection.framework_version,
            "vocabulary": inspection.vocabulary,
            "status": inspection.status,
            "announced_on": _iso(inspection.announced_on),
            "fieldwork_start": _iso(inspection.fieldwork_start),
            "fieldwork_end": _iso(inspection.fieldwork_end),
            "published_on": _iso(inspection.published_on),
            "reoffending_rate": _decimal(inspection.reoffending_rate),
            "reoffending_previous_rate": _decimal(inspection.reoffending_previous_rate),
            "reoffending_national_rate": _decimal(inspection.reoffending_national_rate),
            "reoffending_cohort": inspection.reoffending_cohort,
            "reoffending_published": inspection.reoffending_published,
        },
        "team": [
            {"username": m.user.username, "role": m.role}
            for m in TeamMembership.objects.filter(inspection=inspection)
            .select_related("user")
            .order_by("role", "user__username")
        ],
        "transitions": [
            {
                "from_status": t.from_status,
                "to_status": t.to_status,
                "actor": t.actor,
                "by": _username(t.by),
                "at": _iso(t.at),
                "reason": t.reason,
                "letter_html": t.letter_html,
            }
            for t in InspectionTransition.objects.filter(inspection=inspection)
            .select_related("by")
            .order_by("at", "id")
        ],
        "cases": [
            _case_payload(case, answers.get(case.pk, []), examples.get(case.pk, []))
            for case in cases
        ],
        "report": _report_payload(inspection),
        "samples": _samples_payload(inspection),
        "audit": _audit_payload(inspection),
        "extensions": {},
    }


def _samples_payload(inspection: Inspection) -> list[dict[str, Any]]:
    """Every draw of the sample, oldest first, each with its exclusions."""
    exclusions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for e in (
        SampleExclusion.objects.filter(sample__inspection=inspection)
        .select_related("case", "replacement", "excluded_by")
        .order_by("excluded_at", "id")
    ):
        exclusions[e.sample_id].append(
            {
                "case": e.case.reference,
                "reason": e.reason,
                "replacement": e.replacement.reference if e.replacement else None,
                "excluded_by": _username(e.excluded_by),
                "excluded_at": _iso(e.excluded_at),
            }
        )
    return [
        {
            "seed": r.seed,
            "rule": r.rule,
            "parameters": r.parameters,
            "population_hash": r.population_hash,
            "population_size": r.population_size,
            "size": r.size,
            "selected": r.selected,
            "reserves": r.reserves,
            "strata": r.strata,
            "drawn_by": _username(r.drawn_by),
            "drawn_at": _iso(r.drawn_at),
            "redraw_reason": r.redraw_reason,
            "exclusions": exclusions.get(r.pk, []),
        }
        for r in SampleRecord.objects.filter(inspection=inspection)
        .select_related("drawn_by")
        .order_by("drawn_at", "id")
    ]


def _audit_payload(inspection: Inspection) -> list[dict[str, Any]]:
    """The inspection's audit trail, oldest first (see ``inspection_audit_events``)."""
    return [
        {
            "at": _iso(at),
            "actor": actor,
            "user": user,
            "action": action,
            "case": case,
            "object_type": object_type,
            "object_id": object_id,
            "field": field,
            "old_value": old,
            "new_value": new,
        }
        for at, actor, user, action, case, object_type, object_id, field, old, new in (
            inspection_audit_events(inspection)
            .order_by("at", "id")
            .values_list(
                "at",
                "actor",
                "user__username",
                "action",
                "case__reference",
                "object_type",
                "object_id",
                "field",
                "old_value",
                "new_value",
            )
        )
    ]


def _report_payload(inspection: Inspection) -> dict[str, Any] | None:
    report = Report.objects.filter(inspection=inspection).first()
    if report is None:
        return None
    comments = list(
        Comment.objects.filter(report=report).select_related("author").order_by("created_at", "id")
    )
    # Comments are numbered 1, 2, ... in the file (parents come first), not by database id,
    # so that the same report exports to the same document wherever it lives.
    numbers = {comment.pk: position for position, comment in enumerate(comments, start=1)}
    return {
        "status": report.status,
        "content": report.content,
        "content_cy": report.content_cy,
        "version": report.version,
        "versions": [
            {
                "number": v.number,
                "content": v.content,
                "data": v.data,
                "content_cy": v.content_cy,
                "data_cy": v.data_cy,
                "content_hash": v.content_hash,
                "published": v.published,
                "published_at": _iso(v.published_at),
                "created_by": _username(v.created_by),
                "created_at": _iso(v.created_at),
            }
            for v in ReportVersion.objects.filter(report=report)
            .select_related("created_by")
            .order_by("number")
        ],
        "comments": [
            {
                "id": numbers[c.pk],
                "parent": numbers.get(c.parent_id) if c.parent_id else None,
                "paragraph_key": c.paragraph_key,
                "author": c.author.username,
                "text": c.text,
                "created_at": _iso(c.created_at),
            }
            for c in comments
        ],
        "overrides": [
            {
                "problem_key": o.problem_key,
                "reason": o.reason,
                "by": o.by.username,
                "created_at": _iso(o.created_at),
            }
            for o in ConsistencyOverride.objects.filter(report=report)
            .select_related("by")
            .order_by("created_at", "id")
        ],
    }


def _decimal(value: Any) -> str | None:
    return None if value is None else str(value)


ANSWER_KEYS = ("question_id", "value", "evidence", "version", "updated_by")
EXAMPLE_KEYS = ("paragraph", "text", "pseudonym", "created_by", "created_at", "language")


def _case_payload(
    case: Case, answers: list[dict[str, Any]], examples: list[dict[str, Any]]
) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for name in CASE_FIELDS:
        value = getattr(case, name)
        row[name] = _iso(value) if isinstance(value, date) else value
    identity = getattr(case, "identity", None)
    row["identity"] = (
        None
        if identity is None
        else {
            "child_name": identity.child_name,
            "date_of_birth": _iso(identity.date_of_birth),
            "purged_at": _iso(identity.purged_at),
        }
    )
    assessment = getattr(case, "assessment", None)
    row["assessment"] = (
        None
        if assessment is None
        else {
            "inspector": _username(assessment.inspector),
            "case_manager_present": assessment.case_manager_present,
            "status": assessment.status,
            "framework_id": assessment.framework_id,
            "framework_version": assessment.framework_version,
            "version": assessment.version,
            "completed_at": _iso(assessment.completed_at),
            "reopen_reason": assessment.reopen_reason,
            "answers": answers,
            "practice_examples": examples,
        }
    )
    return row
