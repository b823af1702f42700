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
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from casescreen.assessments.models import Answer, Assessment, PracticeExample
from casescreen.assessments.selectors import (
    Missing,
    case_assessment,
    quote_identifies,
    sample_identifiers,
)
from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_fields, audit_record
from casescreen.cases.models import Case
from casescreen.inspections.access import is_lead
from casescreen.inspections.lifecycle import locked
from casescreen.inspections.models import Inspection


class StaleVersion(Exception):
    """The save was based on a version that has since changed."""

    def __init__(self, current: Answer | None) -> None:
        super().__init__(
            gettext("This answer was changed by someone else since you opened the page.")
        )
        self.current = current


class AssessmentLocked(Exception):
    """The assessment is completed; only the lead inspector can reopen it."""

    def __init__(self) -> None:
        super().__init__(
            gettext(
                "This assessment is completed, so it cannot be changed. "
                "The lead inspector can reopen it."
            )
        )


class RecordsFrozen(AssessmentLocked):
    """The inspection's report is published (a self-assessment: finished): nothing about
    its cases may change, not even by the lead inspector."""

    def __init__(self, inspection: Inspection) -> None:
        Exception.__init__(self, inspection.records_frozen_message)


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
        super().__init__(gettext("Someone else changed answers on this page since you opened it."))
        self.conflicts = conflicts


class ReasonRequired(Exception):
    def __init__(self) -> None:
        super().__init__(gettext("Enter why you are reopening the assessment"))


class IdentifyingExample(ValueError):
    """A practice example that could identify a child in the sample; nothing was saved."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _refuse_identifying(case: Case, *, pseudonym: str, text: str) -> None:
    """The rule of ``domain.identity``, over every child in the sample: a quote is printed
    in the report, and the report's own check would flag the same words later."""
    identifiers = sample_identifiers(case.inspection)
    if quote_identifies(pseudonym, identifiers):
        raise IdentifyingExample(
            "pseudonym",
            gettext(
                "The changed first name is part of the name of a child in the sample. "
                "Choose a name that no child in the sample has"
            ),
        )
    found = quote_identifies(text, identifiers)
    if found:
        raise IdentifyingExample(
            "text",
            gettext(
                "The quote contains %(found)s. Use the changed first name, and leave out "
                "names and case references"
            )
            % {"found": gettext(" and ").join(found)},
        )


class AssessmentIncomplete(Exception):
    def __init__(self, missing: list[Missing]) -> None:
        super().__init__(gettext("The assessment is not complete."))
        self.missing = missing


def refuse_if_published_meanwhile(inspection_id: int) -> None:
    """Refuse a write to an assessment, already holding its row lock, if the inspection's
    report was published since the request began.

    Publication holds every assessment of the inspection locked while it reads what it
    publishes (``hold_case_writes``), so a write that waited for
    the lock reads the new status here, in a statement begun after the wait.
    """
    frozen = Inspection.RECORDS_FROZEN_STATUSES
    if Inspection.objects.filter(pk=inspection_id, status__in=frozen).exists():
        raise RecordsFrozen(Inspection.objects.get(pk=inspection_id))


def hold_case_writes(inspection: Inspection) -> None:
    """Wait for the writes under way to the inspection's assessments and hold back new
    ones until this transaction ends, so that publication freezes what it read.

    Every write to an assessment takes the assessment's row lock and then reads the
    inspection's status afresh (``refuse_if_published_meanwhile``).
    Locks are taken inspection first, as every other writer that takes both does.
    """
    locked(inspection)
    list(
        Assessment.objects.select_for_update(of=("self",))
        .filter(case__inspection=inspection)
        .values_list("pk", flat=True)
    )


def locked_assessment(case: Case) -> Assessment:
    """The case's assessment, row-locked so saves to one assessment run one at a time;
    refused with :class:`RecordsFrozen` once the report is published. Every write to an
    assessment takes it here."""
    if case.inspection.records_frozen:
        raise RecordsFrozen(case.inspection)
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


@transaction.atomic
def assessment_answer(
    *,
    user: Any,
    case: Case,
    question_id: str,
    value: str,
    evidence: str,
    based_on_version: int,
    reconciling: bool = False,
) -> Answer | None:
    """Save one judgement as given; ``based_on_version`` is 0 for a question not yet answered.

    Returns the saved answer, or None when there was nothing to save (an untouched
    question sent by a page). The answer is read after the assessment's lock, so a save
    that waited for another sees what that one committed. ``reconciling`` is the lead
    inspector setting the answer that counts after a blind double assessment, which
    changes a completed assessment (never a published one) without reopening it.
    """
    assessment = locked_assessment(case)
    if assessment.status == Assessment.Status.COMPLETED and not reconciling:
        raise AssessmentLocked()
    answer = Answer.objects.filter(assessment=assessment, question_id=question_id).first()
    if based_on_version != (answer.version if answer else 0):
        raise StaleVersion(answer)
    if answer is None and not value and not evidence:
        return None
    if answer is not None and (answer.value, answer.evidence) == (value, evidence):
        return answer
    if answer is None:
        action = AuditEvent.Action.CREATE
        changed = {"value": ("", value)} | ({"evidence": ("", evidence)} if evidence else {})
        answer = Answer(assessment=assessment, question_id=question_id, version=0)
    else:
        action = AuditEvent.Action.CHANGE
        changed = {
            field: (old, new)
            for field, old, new in (
                ("value", answer.value, value),
                ("evidence", answer.evidence, evidence),
            )
            if old != new
        }
    answer.value, answer.evidence, answer.updated_by = value, evidence, user
    answer.version += 1
    answer.save()
    audit_fields(
        user=user,
        action=action,
        object_type="Answer",
        object_id=question_id,
        inspection=case.inspection,
        case=case,
        changed=changed,
    )
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
def assessment_reopen(
    *, user: Any, case: Case, reason: str, reviewer_checked: bool = False
) -> Assessment:
    """Return a completed assessment to in progress: the lead inspector only, with a reason,
    which is kept on the assessment and in the audit trail.

    Quality assurance returns an assessment with queries through here too, by a reviewer
    who may not be the lead inspector: its service checks the reviewer itself and says so
    with ``reviewer_checked`` (this app cannot know who reviews).
    """
    if not (reviewer_checked or is_lead(user, case.inspection)):
        raise PermissionDenied(
            gettext("Only the lead inspector can reopen a completed assessment.")
        )
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
    *, user: Any, case: Case, paragraph: str, pseudonym: str, text: str, language: str = "en"
) -> PracticeExample:
    """Keep a quote, written in ``language``, for the report; refused
    (``IdentifyingExample``) when it could identify a child in the sample, and
    (``ValueError``) in a language the YOT's report is not written in."""
    if language not in case.inspection.yot.languages:
        raise ValueError(
            gettext("The report of %(yot)s is not written in that language.")
            % {"yot": case.inspection.yot.name}
        )
    assessment = locked_assessment(case)
    if assessment.status == Assessment.Status.COMPLETED:
        raise AssessmentLocked()
    _refuse_identifying(case, pseudonym=pseudonym, text=text)
    example = PracticeExample.objects.create(
        assessment=assessment,
        paragraph=paragraph,
        pseudonym=pseudonym,
        text=text,
        language=language,
        created_by=user,
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
