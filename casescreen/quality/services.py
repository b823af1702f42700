"""Writes for quality assurance: reviews, queries and their threads, quality assurers, and
the lead inspector's reason for going on with queries open; each with its audit record.

Every write about an assessment takes the assessment's row lock (``locked_assessment``),
as the assessment's own writes do, so it runs after the writes under way and is refused
once the report is published.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from casescreen.assessments.models import Assessment
from casescreen.assessments.services import RecordsFrozen, assessment_reopen, locked_assessment
from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_record
from casescreen.cases.models import Case
from casescreen.inspections.access import is_lead, team_role
from casescreen.inspections.lifecycle import locked
from casescreen.inspections.models import Inspection, TeamMembership
from casescreen.quality.access import REVIEWERS_ONLY, is_case_inspector, is_reviewer
from casescreen.quality.models import QualityAssurer, QueriesOverride, Query, QueryMessage, Review
from casescreen.quality.selectors import (
    AGREED,
    RETURNED,
    STATE_LABELS,
    UNDER_REVIEW,
    open_queries,
    review_state,
    subject_label,
)

MAX_TEXT = 5000


class QualityError(ValueError):
    """A request quality assurance cannot accept; ``field`` names the form field at fault."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class QueriesOpen(QualityError):
    def __init__(self, count: int) -> None:
        super().__init__(
            ngettext(
                "%(count)s quality assurance query is still open. Resolve it, or give the "
                "reason for sending the report for its factual accuracy check anyway",
                "%(count)s quality assurance queries are still open. Resolve them, or give the "
                "reason for sending the report for its factual accuracy check anyway",
                count,
            )
            % {"count": count},
            field="reason",
        )
        self.count = count


def _require_reviewer(user: Any, inspection: Inspection) -> None:
    if not is_reviewer(user, inspection):
        raise PermissionDenied(REVIEWERS_ONLY)


def _not_own(user: Any, assessment: Assessment) -> None:
    # Quality assurance is a second pair of eyes: the lead or an assurer who assessed
    # the case cannot review or agree what they assessed.
    if is_case_inspector(user, assessment):
        raise QualityError(
            gettext(
                "You made this assessment, so you cannot review or agree it. Ask another "
                "quality assurer or the lead inspector."
            )
        )


def _text(text: str, *, missing: str) -> str:
    text = text.strip()
    if not text:
        raise QualityError(missing, field="text")
    if len(text) > MAX_TEXT:
        raise QualityError(
            gettext("The text must be %(max_text)s characters or fewer") % {"max_text": MAX_TEXT},
            field="text",
        )
    return text


def _review(assessment: Assessment) -> Review | None:
    return Review.objects.filter(assessment=assessment).first()


def _audit_state(user: Any, case: Case, review: Review, old: str, new: str) -> None:
    audit_record(
        user=user,
        action=AuditEvent.Action.TRANSITION,
        object_type="Review",
        object_id=review.pk,
        inspection=case.inspection,
        case=case,
        field="status",
        old=STATE_LABELS[old],
        new=STATE_LABELS[new],
    )


@transaction.atomic
def review_start(*, user: Any, case: Case) -> Review:
    """Take a completed assessment under review; refused for an assessment not completed."""
    _require_reviewer(user, case.inspection)
    assessment = locked_assessment(case)
    _not_own(user, assessment)
    review = _review(assessment)
    state = review_state(assessment, review)
    if assessment.status != Assessment.Status.COMPLETED:
        raise QualityError(
            gettext("Only a completed assessment can be reviewed; this one is %(value)s.")
            % {"value": assessment.get_status_display().lower()}
        )
    if state == UNDER_REVIEW:
        assert review is not None
        return review
    if state == AGREED:
        raise QualityError(gettext("This assessment has been agreed; there is nothing to review."))
    if review is None:
        review = Review(assessment=assessment)
    review.status = Review.Status.UNDER_REVIEW
    review.assessment_version = assessment.version
    review.reviewer = user
    review.save()
    _audit_state(user, case, review, state, UNDER_REVIEW)
    return review


def _under_review(user: Any, case: Case) -> tuple[Assessment, Review]:
    """The assessment, locked, and its review, which must be under way."""
    _require_reviewer(user, case.inspection)
    assessment = locked_assessment(case)
    review = _review(assessment)
    if review_state(assessment, review) != UNDER_REVIEW:
        raise QualityError(gettext("Start the review of this assessment first."))
    assert review is not None
    return assessment, review


@transaction.atomic
def query_raise(*, user: Any, case: Case, about: str, text: str) -> Query:
    """Ask about one answer (``answer:<question id>``) or one case fact (``fact:<name>``)
    of the assessment under review; refused for a question or fact the framework lacks."""
    assessment, _ = _under_review(user, case)
    framework = case.inspection.framework()
    subject, _, key = about.partition(":")
    known: dict[str, set[str]] = {
        Query.Subject.ANSWER.value: {q.id for q in framework.questions},
        Query.Subject.FACT.value: set(framework.facts),
    }
    if key not in known.get(subject, set()):
        raise QualityError(
            gettext("Choose a question or case fact of the framework the query is about"),
            field="about",
        )
    text = _text(text, missing=gettext("Enter your query"))
    query = Query.objects.create(assessment=assessment, subject=subject, key=key, raised_by=user)
    QueryMessage.objects.create(query=query, author=user, text=text)
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        object_type="Query",
        object_id=query.pk,
        inspection=case.inspection,
        case=case,
        field=f"{subject}:{key}",
        new=text,
    )
    return query


def _query(assessment: Assessment, query_id: int) -> Query:
    query = Query.objects.filter(assessment=assessment, pk=query_id).first()
    if query is None:
        raise QualityError(gettext("There is no such query on this case."))
    return query


@transaction.atomic
def query_reply(*, user: Any, case: Case, query_id: int, text: str) -> QueryMessage:
    """Add to an open query's thread: its case's inspector or a reviewer."""
    assessment = locked_assessment(case)
    if not (is_case_inspector(user, assessment) or is_reviewer(user, case.inspection)):
        raise PermissionDenied(
            gettext("Only the case's inspector and its reviewers can answer queries.")
        )
    query = _query(assessment, query_id)
    if not query.is_open:
        raise QualityError(gettext("This query has been resolved; it takes no more replies."))
    message = QueryMessage.objects.create(
        query=query, author=user, text=_text(text, missing=gettext("Enter your reply"))
    )
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        object_type="QueryMessage",
        object_id=message.pk,
        inspection=case.inspection,
        case=case,
        field=f"{query.subject}:{query.key}",
        new=message.text,
    )
    return message


@transaction.atomic
def query_resolve(*, user: Any, case: Case, query_id: int) -> Query:
    _require_reviewer(user, case.inspection)
    assessment = locked_assessment(case)
    query = _query(assessment, query_id)
    if not query.is_open:
        return query
    query.resolved_at = timezone.now()
    query.resolved_by = user
    query.save(update_fields=["resolved_at", "resolved_by"])
    audit_record(
        user=user,
        action=AuditEvent.Action.CHANGE,
        object_type="Query",
        object_id=query.pk,
        inspection=case.inspection,
        case=case,
        field="status",
        old="open",
        new="resolved",
    )
    return query


@transaction.atomic
def review_return(*, user: Any, case: Case) -> Review:
    """Send the assessment back to its inspector with its open queries: it is reopened
    (``assessment_reopen``) so the inspector can answer or change what is queried."""
    assessment, review = _under_review(user, case)
    queries = list(open_queries(case.inspection).filter(assessment=assessment))
    if not queries:
        raise QualityError(gettext("Raise a query before returning the assessment."))
    framework = case.inspection.framework()
    about = "; ".join(subject_label(framework, q.subject, q.key) for q in queries)
    reopened = assessment_reopen(
        user=user,
        case=case,
        # Recorded with the assessment's history, as the other reasons are: not translated.
        reason=f"Returned by quality assurance: {len(queries)} open "
        f"quer{'ies' if len(queries) != 1 else 'y'} ({about})",
        reviewer_checked=True,
    )
    review.status = Review.Status.RETURNED
    review.assessment_version = reopened.version
    review.reviewer = user
    review.save()
    _audit_state(user, case, review, UNDER_REVIEW, RETURNED)
    return review


@transaction.atomic
def review_agree(*, user: Any, case: Case) -> Review:
    """Agree the assessment as it stands; refused while any of its queries is open."""
    assessment, review = _under_review(user, case)
    _not_own(user, assessment)
    count = open_queries(case.inspection).filter(assessment=assessment).count()
    if count:
        raise QualityError(
            ngettext(
                "Resolve the %(count)s open query before agreeing the assessment, or return "
                "it to the inspector.",
                "Resolve the %(count)s open queries before agreeing the assessment, or return "
                "it to the inspector.",
                count,
            )
            % {"count": count}
        )
    review.status = Review.Status.AGREED
    review.reviewer = user
    review.save()
    _audit_state(user, case, review, UNDER_REVIEW, AGREED)
    return review


def _team_inspection(user: Any, inspection: Inspection) -> Inspection:
    if not is_lead(user, inspection):
        raise PermissionDenied(gettext("Only the lead inspector can name quality assurers."))
    inspection = locked(inspection)
    if inspection.records_frozen:
        raise RecordsFrozen(inspection)
    return inspection


@transaction.atomic
def quality_assurer_add(*, user: Any, inspection: Inspection, member: Any) -> QualityAssurer:
    """Name an inspector of the team to review assessments (the lead reviews anyway)."""
    inspection = _team_inspection(user, inspection)
    if team_role(member, inspection) != TeamMembership.Role.INSPECTOR:
        raise QualityError(gettext("Choose an inspector of this inspection's team"), field="member")
    assurer, created = QualityAssurer.objects.get_or_create(
        inspection=inspection, user=member, defaults={"added_by": user}
    )
    if created:
        audit_record(
            user=user,
            action=AuditEvent.Action.CREATE,
            object_type="QualityAssurer",
            object_id=assurer.pk,
            inspection=inspection,
            field="user",
            new=member.username,
        )
    return assurer


@transaction.atomic
def quality_assurer_remove(*, user: Any, inspection: Inspection, member_id: int) -> None:
    inspection = _team_inspection(user, inspection)
    assurer = (
        QualityAssurer.objects.filter(inspection=inspection, user_id=member_id)
        .select_related("user")
        .first()
    )
    if assurer is None:
        return
    audit_record(
        user=user,
        action=AuditEvent.Action.DELETE,
        object_type="QualityAssurer",
        object_id=assurer.pk,
        inspection=inspection,
        field="user",
        old=assurer.user.username,
    )
    assurer.delete()


def open_queries_check(*, user: Any, inspection: Inspection, reason: str) -> None:
    """Refuse to let the report go for its factual accuracy check while queries are open
    (``QueriesOpen``), unless the lead inspector gives a reason, which is recorded.

    Runs inside the report's move, which holds the inspection's assessments locked
    (``hold_case_writes``), so no query is raised or resolved while it counts.
    """
    count = open_queries(inspection).count()
    if not count:
        return
    reason = reason.strip()
    if not reason:
        raise QueriesOpen(count)
    if not is_lead(user, inspection):
        raise PermissionDenied(gettext("Only the lead inspector can go on with queries open."))
    if len(reason) > MAX_TEXT:
        raise QualityError(
            gettext("The reason must be %(max_text)s characters or fewer") % {"max_text": MAX_TEXT},
            field="reason",
        )
    override = QueriesOverride.objects.create(
        inspection=inspection, reason=reason, open_queries=count, by=user
    )
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        object_type="QueriesOverride",
        object_id=override.pk,
        inspection=inspection,
        field=f"{count} open queries",
        new=reason,
    )
