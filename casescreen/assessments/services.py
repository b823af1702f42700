"""Writes to assessments: answers, status and practice examples, each with its audit record.

Every save names the version it was based on. A save based on a version that is
no longer current is refused with :class:`StaleVersion`, so one inspector never
silently overwrites another's judgement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from casescreen.assessments.models import Answer, Assessment, PracticeExample
from casescreen.assessments.selectors import Missing, case_assessment
from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_insert, audit_record
from casescreen.cases.models import Case
from casescreen.inspections.access import is_lead
from casescreen.inspections.models import Inspection


class StaleVersion(Exception):
    """The save was based on a version that has since changed."""

    def __init__(self, current: Answer | None) -> None:
        super().__init__("This answer was changed by someone else since you opened the page.")
        self.current = current


class AssessmentLocked(Exception):
    """The assessment is completed; only the lead inspector can reopen it."""

    def __init__(self) -> None:
        super().__init__(
            "This assessment is completed, so it cannot be changed. "
            "The lead inspector can reopen it."
        )


class RecordsFrozen(AssessmentLocked):
    """The inspection's report is published: nothing about its cases may change, not even
    by the lead inspector."""

    def __init__(self) -> None:
        Exception.__init__(self, Inspection.RECORDS_FROZEN_MESSAGE)


@dataclass(frozen=True)
class AnswerInput:
    """One answer as a page sent it, checked by the forms."""

    question_id: str
    value: str
    evidence: str
    version: int


@dataclass(frozen=True)
class Conflict:
    mine: AnswerInput
    theirs: Answer | None


class StaleAnswers(Exception):
    """Answers of a page were changed by someone else since it was opened; nothing of the
    page was saved."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__("Someone else changed answers on this page since you opened it.")
        self.conflicts = conflicts


class ReasonRequired(Exception):
    def __init__(self) -> None:
        super().__init__("Enter why you are reopening the assessment")


class AssessmentIncomplete(Exception):
    def __init__(self, missing: list[Missing]) -> None:
        super().__init__("The assessment is not complete.")
        self.missing = missing


def refuse_if_published_meanwhile(inspection_id: int) -> None:
    """Refuse a write to an assessment, already holding its row lock, if the inspection's
    report was published since the request began.

    Publication holds every assessment of the inspection locked while it reads what it
    publishes (``inspections.lifecycle.hold_case_writes``), so a write that waited for
    the lock reads the new status here, in a statement begun after the wait.
    """
    frozen = Inspection.RECORDS_FROZEN_STATUSES
    if Inspection.objects.filter(pk=inspection_id, status__in=frozen).exists():
        raise RecordsFrozen()


def locked_assessment(case: Case) -> Assessment:
    """The case's assessment, row-locked so saves to one assessment run one at a time;
    refused with :class:`RecordsFrozen` once the report is published. Every write to an
    assessment takes it here, but the answer save, which does the same in its own SQL."""
    if case.inspection.records_frozen:
        raise RecordsFrozen()
    assessment = Assessment.objects.select_for_update().get(case=case)
    refuse_if_published_meanwhile(case.inspection_id)
    return assessment


def assessment_start_if_new(*, user: Any, assessment: Assessment) -> None:
    """Move a not-started assessment to in progress (inside the caller's transaction)."""
    if assessment.status != Assessment.Status.NOT_STARTED:
        return
    assessment.status = Assessment.Status.IN_PROGRESS
    assessment.version += 1
    if assessment.inspector_id is None:
        assessment.inspector = user
    assessment.save(update_fields=["status", "version", "inspector", "updated_at"])
    audit_record(
        user=user,
        action=AuditEvent.Action.TRANSITION,
        object_type="Assessment",
        object_id=assessment.pk,
        inspection=assessment.case.inspection,
        case=assessment.case,
        field="status",
        old=Assessment.Status.NOT_STARTED.label,
        new=Assessment.Status.IN_PROGRESS.label,
    )


def _answer(answer_id: int | None) -> Answer | None:
    """An answer as stored, with who saved it (for the rarer replies of the answer save)."""
    if answer_id is None:
        return None
    return Answer.objects.select_related("updated_by").get(pk=answer_id)


def assessment_answer(
    *,
    user: Any,
    case: Case,
    question_id: str,
    value: str,
    evidence: str,
    based_on_version: int,
) -> Answer | None:
    """Save one judgement as given; ``based_on_version`` is 0 for a question not yet answered.

    Returns the saved answer, or None when there was nothing to save (an untouched
    question sent by a page).

    This runs on every change an inspector makes. On PostgreSQL it is one call of the
    database function ``casescreen_answer_save`` (migration ``assessments/0003``):
    statement by statement, the round trips cost more than the work they carried
    (``bench/answer_load.py``). Elsewhere (SQLite) it is ``_answer_in_python``, whose
    rules the function follows: the same lock, checks, versioning and audit records.
    """
    if case.inspection.records_frozen:
        raise RecordsFrozen()
    save = _answer_on_postgresql if connection.vendor == "postgresql" else _answer_in_python
    return save(
        user=user,
        case=case,
        question_id=question_id,
        value=value,
        evidence=evidence,
        based_on_version=based_on_version,
    )


def _answer_on_postgresql(
    *,
    user: Any,
    case: Case,
    question_id: str,
    value: str,
    evidence: str,
    based_on_version: int,
) -> Answer | None:
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT outcome, answer_id, answer_version, assessment FROM casescreen_answer_save("
            "%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                case.pk,
                case.inspection_id,
                question_id,
                value,
                evidence,
                based_on_version,
                user.pk,
                user.username,
                now,
            ],
        )
        outcome, answer_id, version, assessment_id = cursor.fetchone()
    if outcome == "saved":
        return Answer(
            id=answer_id,
            assessment_id=assessment_id,
            question_id=question_id,
            value=value,
            evidence=evidence,
            version=version,
            updated_by=user,
            updated_at=now,
        )
    if outcome == "missing":
        raise Assessment.DoesNotExist(f"Case {case.reference} has no assessment.")
    if outcome == "completed":
        raise AssessmentLocked()
    if outcome == "frozen":
        raise RecordsFrozen()
    if outcome == "stale":
        raise StaleVersion(_answer(answer_id))
    return _answer(answer_id)  # "unchanged", or "nothing" to save (no answer: None)


@transaction.atomic
def _answer_in_python(
    *,
    user: Any,
    case: Case,
    question_id: str,
    value: str,
    evidence: str,
    based_on_version: int,
) -> Answer | None:
    """The answer save statement by statement: the lock, then the answer and the inspection's
    status read after it, the write, and its audit rows in one INSERT (the ORM took more
    time building these statements than running them)."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, status FROM assessments_assessment WHERE case_id = %s{lock}",  # noqa: S608 - no input in the text
            [case.pk],
        )
        row = cursor.fetchone()
        if row is None:
            raise Assessment.DoesNotExist(f"Case {case.reference} has no assessment.")
        assessment_id, status = row
        if status == Assessment.Status.COMPLETED:
            raise AssessmentLocked()
        # Read after the lock, in a statement of its own: in READ COMMITTED a statement that
        # waited for the lock still sees the rows of other tables as they were when it began,
        # so an answer joined into the locking SELECT could be a version already replaced,
        # and the inspection could have been published meanwhile (refuse_if_published_meanwhile).
        cursor.execute(
            "SELECT i.status, a.id, a.value, a.evidence, a.version"
            " FROM inspections_inspection i LEFT JOIN assessments_answer a"
            " ON a.assessment_id = %s AND a.question_id = %s WHERE i.id = %s",
            [assessment_id, question_id, case.inspection_id],
        )
        inspection_status, answer_id, old_value, old_evidence, current_version = cursor.fetchone()
        if inspection_status in Inspection.RECORDS_FROZEN_STATUSES:
            raise RecordsFrozen()
        if answer_id is None:
            old_value, old_evidence, current_version = "", "", 0
        if based_on_version != current_version:
            raise StaleVersion(_answer(answer_id))
        if answer_id is None and not value and not evidence:
            return None
        if answer_id is not None and (old_value, old_evidence) == (value, evidence):
            return _answer(answer_id)
        now = timezone.now()
        stamp = connection.ops.adapt_datetimefield_value(now)
        events: list[tuple[str, str, str, str]] = []  # action, field, old, new
        if answer_id is None:
            cursor.execute(
                "INSERT INTO assessments_answer"
                " (assessment_id, question_id, value, evidence, version, updated_by_id, updated_at)"
                " VALUES (%s, %s, %s, %s, 1, %s, %s) RETURNING id",
                [assessment_id, question_id, value, evidence, user.pk, stamp],
            )
            answer_id = cursor.fetchone()[0]
            events.append((AuditEvent.Action.CREATE, "value", "", value))
            if evidence:
                events.append((AuditEvent.Action.CREATE, "evidence", "", evidence))
        else:
            # The version in the WHERE clause as well as the lock: SQLite has no row locks.
            cursor.execute(
                "UPDATE assessments_answer"
                " SET value = %s, evidence = %s, version = %s, updated_by_id = %s, updated_at = %s"
                " WHERE id = %s AND version = %s",
                [value, evidence, current_version + 1, user.pk, stamp, answer_id, current_version],
            )
            if cursor.rowcount != 1:
                raise StaleVersion(_answer(answer_id))
            events.extend(
                (AuditEvent.Action.CHANGE, field, old, new)
                for field, old, new in (
                    ("value", old_value, value),
                    ("evidence", old_evidence, evidence),
                )
                if old != new
            )
    answer = Answer(
        id=answer_id,
        assessment_id=assessment_id,
        question_id=question_id,
        value=value,
        evidence=evidence,
        version=current_version + 1,
        updated_by=user,
        updated_at=now,
    )
    audit_insert(
        [
            {
                "at": stamp,
                "user_id": user.pk,
                "actor": user.username,
                "action": action,
                "inspection_id": case.inspection_id,
                "case_id": case.pk,
                "object_type": "Answer",
                "object_id": question_id,
                "field": field,
                "old_value": old,
                "new_value": new,
            }
            for action, field, old, new in events
        ]
    )
    if status == Assessment.Status.NOT_STARTED:
        assessment = Assessment.objects.get(pk=assessment_id)
        assessment.case = case
        assessment_start_if_new(user=user, assessment=assessment)
    return answer


@transaction.atomic
def assessment_answer_page(*, user: Any, case: Case, answers: Sequence[AnswerInput]) -> None:
    """Save the answers of one page together or not at all.

    A page sent without the page script is one decision: saving some of its answers and
    not others would leave the assessment in a state nobody chose. When any answer is
    stale, every conflict is reported in :class:`StaleAnswers` and nothing is saved, so
    the person can choose and send the page again.
    """
    conflicts = []
    for given in answers:
        try:
            assessment_answer(
                user=user,
                case=case,
                question_id=given.question_id,
                value=given.value,
                evidence=given.evidence,
                based_on_version=given.version,
            )
        except StaleVersion as exc:
            conflicts.append(Conflict(mine=given, theirs=exc.current))
    if conflicts:
        # Raised inside the transaction, so the answers saved before are rolled back.
        raise StaleAnswers(conflicts)


@transaction.atomic
def assessment_complete(*, user: Any, case: Case, based_on_version: int) -> Assessment:
    """Mark the assessment as complete, when nothing is missing and nobody changed its status.

    What is missing is read under the assessment's lock, which every write to its answers,
    facts and examples takes, so it is what is completed.
    """
    assessment = locked_assessment(case)
    assessment.case = case
    if assessment.status == Assessment.Status.COMPLETED:
        return assessment
    if assessment.version != based_on_version:
        raise StaleVersion(None)
    missing = case_assessment(case).missing
    if missing:
        raise AssessmentIncomplete(missing)
    old = assessment.get_status_display()
    assessment.status = Assessment.Status.COMPLETED
    assessment.completed_at = timezone.now()
    assessment.version += 1
    if assessment.inspector_id is None:
        assessment.inspector = user
    assessment.save(update_fields=["status", "completed_at", "version", "inspector", "updated_at"])
    audit_record(
        user=user,
        action=AuditEvent.Action.TRANSITION,
        object_type="Assessment",
        object_id=assessment.pk,
        inspection=case.inspection,
        case=case,
        field="status",
        old=old,
        new=Assessment.Status.COMPLETED.label,
    )
    return assessment


@transaction.atomic
def assessment_reopen(*, user: Any, case: Case, reason: str) -> Assessment:
    """Return a completed assessment to in progress: the lead inspector only, with a reason,
    which is kept on the assessment and in the audit trail."""
    if not is_lead(user, case.inspection):
        raise PermissionDenied("Only the lead inspector can reopen a completed assessment.")
    reason = reason.strip()
    if not reason:
        raise ReasonRequired()
    assessment = locked_assessment(case)
    if assessment.status != Assessment.Status.COMPLETED:
        return assessment
    old_reason = assessment.reopen_reason
    assessment.status = Assessment.Status.IN_PROGRESS
    assessment.completed_at = None
    assessment.reopen_reason = reason
    assessment.version += 1
    assessment.save(
        update_fields=["status", "completed_at", "reopen_reason", "version", "updated_at"]
    )
    audit_record(
        user=user,
        action=AuditEvent.Action.TRANSITION,
        object_type="Assessment",
        object_id=assessment.pk,
        inspection=case.inspection,
        case=case,
        field="status",
        old=Assessment.Status.COMPLETED.label,
        new=Assessment.Status.IN_PROGRESS.label,
    )
    audit_record(
        user=user,
        action=AuditEvent.Action.CHANGE,
        object_type="Assessment",
        object_id=assessment.pk,
        inspection=case.inspection,
        case=case,
        field="reopen_reason",
        old=old_reason,
        new=reason,
    )
    return assessment


@transaction.atomic
def practice_example_add(
    *, user: Any, case: Case, paragraph: str, pseudonym: str, text: str
) -> PracticeExample:
    assessment = locked_assessment(case)
    if assessment.status == Assessment.Status.COMPLETED:
        raise AssessmentLocked()
    example = PracticeExample.objects.create(
        assessment=assessment, paragraph=paragraph, pseudonym=pseudonym, text=text, created_by=user
    )
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        object_type="PracticeExample",
        object_id=example.pk,
        inspection=case.inspection,
        case=case,
        field="text",
        new=f"{paragraph} ({pseudonym}): {text}",
    )
    assessment.case = case
    assessment_start_if_new(user=user, assessment=assessment)
    return example


@transaction.atomic
def practice_example_remove(*, user: Any, case: Case, example_id: int) -> None:
    assessment = locked_assessment(case)
    if assessment.status == Assessment.Status.COMPLETED:
        raise AssessmentLocked()
    example = PracticeExample.objects.filter(assessment=assessment, pk=example_id).first()
    if example is None:
        return
    audit_record(
        user=user,
        action=AuditEvent.Action.DELETE,
        object_type="PracticeExample",
        object_id=example.pk,
        inspection=case.inspection,
        case=case,
        field="text",
        old=f"{example.paragraph} ({example.pseudonym}): {example.text}",
    )
    example.delete()
