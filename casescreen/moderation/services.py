"""Writes for blind double assessment, each with its audit record."""

from __future__ import annotations

import random
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from casescreen.assessments.models import Assessment
from casescreen.assessments.services import RecordsFrozen, assessment_answer, locked_assessment
from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_fields, audit_record
from casescreen.cases.models import Case
from casescreen.inspections.access import is_lead, is_team_member
from casescreen.inspections.models import Inspection
from casescreen.moderation.models import DoubleAssessment, Reconciliation, SecondAnswer
from casescreen.moderation.selectors import double_comparison

DEFAULT_SHARE = Fraction(1, 5)


class ModerationRefused(Exception):
    """A change refused with a message naming why; nothing was saved."""


def _refuse_frozen(inspection: Inspection) -> None:
    if inspection.records_frozen:
        raise RecordsFrozen(inspection)


def _check_second_inspector(case: Case, second: Any) -> None:
    if not is_team_member(second, case.inspection):
        raise ModerationRefused(
            gettext("%(display_name)s is not on the inspection team: choose a team member")
            % {"display_name": second.display_name}
        )
    first = getattr(getattr(case, "assessment", None), "inspector_id", None)
    if first is not None and first == second.pk:
        raise ModerationRefused(
            gettext(
                "%(display_name)s made the first assessment of case %(reference)s, so "
                "cannot make the second: choose another inspector"
            )
            % {"display_name": second.display_name, "reference": case.reference}
        )


def _start(user: Any, case: Case, second: Any, chosen: str, seed: int | None) -> DoubleAssessment:
    _check_second_inspector(case, second)
    if DoubleAssessment.objects.filter(case=case).exists():
        raise ModerationRefused(
            gettext("Case %(reference)s is already chosen for double assessment")
            % {"reference": case.reference}
        )
    double = DoubleAssessment.objects.create(
        case=case, second_inspector=second, chosen=chosen, seed=seed, chosen_by=user
    )
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        object_type="DoubleAssessment",
        object_id=double.pk,
        inspection=case.inspection,
        case=case,
        field="second_inspector",
        new=f"{second.display_name} ({double.get_chosen_display().lower()})",
    )
    return double


@transaction.atomic
def double_assessment_choose(
    *, user: Any, inspection: Inspection, cases: Sequence[Case], second_inspector: Any
) -> list[DoubleAssessment]:
    """The lead inspector chooses cases by hand for a second, blind assessment."""
    if not is_lead(user, inspection):
        raise ModerationRefused(
            gettext("Only the lead inspector can choose cases for double assessment")
        )
    _refuse_frozen(inspection)
    if not cases:
        raise ModerationRefused(gettext("Select at least one case"))
    return [_start(user, c, second_inspector, DoubleAssessment.Chosen.HAND, None) for c in cases]


@transaction.atomic
def double_assessment_draw(
    *,
    user: Any,
    inspection: Inspection,
    second_inspector: Any,
    seed: int,
    share: Fraction = DEFAULT_SHARE,
) -> list[DoubleAssessment]:
    """A seeded random share of the sampled cases not yet chosen and not first assessed by
    the second inspector (rounded up, at least one): the same seed draws the same cases."""
    if not is_lead(user, inspection):
        raise ModerationRefused(
            gettext("Only the lead inspector can choose cases for double assessment")
        )
    _refuse_frozen(inspection)
    pool = list(
        Case.objects.filter(inspection=inspection, sample_status=Case.SampleStatus.SAMPLED)
        .exclude(double_assessment__isnull=False)
        .exclude(assessment__inspector=second_inspector)
        .select_related("assessment", "inspection")
        .order_by("reference")
    )
    if not pool:
        raise ModerationRefused(
            gettext("No sampled case is left that %(display_name)s could assess a second time")
            % {"display_name": second_inspector.display_name}
        )
    count = max(1, -(-len(pool) * share.numerator // share.denominator))
    chosen = sorted(random.Random(seed).sample(pool, count), key=lambda c: c.reference)
    return [_start(user, c, second_inspector, DoubleAssessment.Chosen.RANDOM, seed) for c in chosen]


def _locked(double: DoubleAssessment) -> DoubleAssessment:
    _refuse_frozen(double.case.inspection)
    locked = DoubleAssessment.objects.select_for_update().get(pk=double.pk)
    locked.case = double.case
    return locked


@transaction.atomic
def second_answer(
    *, user: Any, double: DoubleAssessment, question_id: str, value: str, evidence: str
) -> None:
    double = _locked(double)
    if double.second_inspector_id != user.pk:
        raise ModerationRefused(gettext("Only the second assessor can answer"))
    if double.status == DoubleAssessment.Status.COMPLETED:
        raise ModerationRefused(
            gettext("The second assessment is completed: its answers cannot change")
        )
    answer = SecondAnswer.objects.filter(double_assessment=double, question_id=question_id).first()
    old = (answer.value, answer.evidence) if answer else ("", "")
    if old == (value, evidence):
        return
    # Each changed field audited, as the first assessment's answers are (assessment_answer).
    action = AuditEvent.Action.CHANGE if answer else AuditEvent.Action.CREATE
    changed = {
        field: (before, after)
        for field, before, after in (("value", old[0], value), ("evidence", old[1], evidence))
        if before != after
    }
    if answer is None:
        answer = SecondAnswer(double_assessment=double, question_id=question_id, version=0)
    answer.value, answer.evidence = value, evidence
    answer.version += 1
    answer.save()
    audit_fields(
        user=user,
        action=action,
        object_type="SecondAnswer",
        object_id=question_id,
        inspection=double.case.inspection,
        case=double.case,
        changed=changed,
    )


def second_missing(double: DoubleAssessment) -> list[str]:
    """What the second assessor has still to do, in words."""
    missing = []
    for row in double_comparison(double):
        label = gettext("question %(paragraph)s (%(text)s)") % {
            "paragraph": row.question.paragraph,
            "text": row.question.text,
        }
        if not row.second:
            missing.append(gettext("Answer %(question)s") % {"question": label})
        elif row.question.evidence_required(row.second) and not row.second_evidence.strip():
            missing.append(
                gettext("Write the evidence for the No answer to %(question)s")
                % {"question": label}
            )
    return missing


@transaction.atomic
def second_complete(*, user: Any, double: DoubleAssessment) -> DoubleAssessment:
    double = _locked(double)
    if double.second_inspector_id != user.pk:
        raise ModerationRefused(
            gettext("Only the second assessor can complete the second assessment")
        )
    if double.status == DoubleAssessment.Status.COMPLETED:
        return double
    missing = second_missing(double)
    if missing:
        raise ModerationRefused(missing[0])
    double.status = DoubleAssessment.Status.COMPLETED
    double.completed_at = timezone.now()
    double.save(update_fields=["status", "completed_at"])
    audit_record(
        user=user,
        action=AuditEvent.Action.TRANSITION,
        object_type="DoubleAssessment",
        object_id=double.pk,
        inspection=double.case.inspection,
        case=double.case,
        field="status",
        old=DoubleAssessment.Status.IN_PROGRESS.label,
        new=DoubleAssessment.Status.COMPLETED.label,
    )
    return double


@transaction.atomic
def reconcile(
    *, user: Any, double: DoubleAssessment, question_id: str, value: str, reason: str
) -> Reconciliation:
    """Set the answer that counts for a question the two assessors answered differently,
    with a reason, and write it to the case's assessment through the answer service
    (versioned and audited there). Refused before both assessments are completed, and
    after publication like any other change to a case."""
    case = double.case
    if not is_lead(user, case.inspection):
        raise ModerationRefused(gettext("Only the lead inspector can reconcile answers"))
    reason = reason.strip()
    if not reason:
        raise ModerationRefused(gettext("Enter why this is the answer that counts"))
    try:
        assessment: Assessment | None = locked_assessment(case)
    except Assessment.DoesNotExist:
        # Taken away, unstarted, with the case, by a redraw of the sample.
        assessment = None
    if assessment is None or assessment.status != Assessment.Status.COMPLETED:
        raise ModerationRefused(
            gettext(
                "The first assessment of case %(reference)s is not completed, so it "
                "cannot be reconciled"
            )
            % {"reference": case.reference}
        )
    double = _locked(double)
    if double.status != DoubleAssessment.Status.COMPLETED:
        raise ModerationRefused(
            gettext(
                "The second assessment of case %(reference)s is not completed, so it "
                "cannot be reconciled"
            )
            % {"reference": case.reference}
        )
    rows = {row.question.id: row for row in double_comparison(double)}
    row = rows.get(question_id)
    question = next((q for q in case.inspection.framework().questions if q.id == question_id), None)
    if row is None and question is not None:
        # The case's facts changed after the page was opened: the question left the case.
        raise ModerationRefused(
            gettext(
                "Question %(paragraph)s no longer applies to case %(reference)s, so there is "
                "nothing to reconcile"
            )
            % {"paragraph": question.paragraph, "reference": case.reference}
        )
    if row is None or not row.disagree:
        raise ModerationRefused(gettext("The two assessors gave the same answer to this question"))
    if value not in row.question.values:
        raise ModerationRefused(
            gettext("Choose %(join)s as the answer to question %(paragraph)s")
            % {
                "join": gettext(" or ").join(str(label) for _, label in row.question.scale),
                "paragraph": row.question.paragraph,
            }
        )
    current = assessment.answers.filter(question_id=question_id).first()
    if value == row.first and current is not None and current.value == value:
        evidence = current.evidence  # the first answer stands as it is
    elif value == row.first:
        # Written over by an earlier reconciliation: its evidence comes back from there,
        # or, had it none, the reason stands for it.
        evidence = row.first_evidence or reason
    elif value == row.second:
        evidence = row.second_evidence or reason
    else:
        evidence = reason
    saved = assessment_answer(
        user=user,
        case=case,
        question_id=question_id,
        value=value,
        evidence=evidence,
        based_on_version=current.version if current else 0,
        reconciling=True,
    )
    if saved is not None and saved.version != (current.version if current else 0):
        # The assessment changed without being reopened: a new version, as every other
        # change gets, so a quality review of the old one awaits review again.
        assessment.version += 1
        assessment.save(update_fields=["version", "updated_at"])
    settled, _ = Reconciliation.objects.update_or_create(
        double_assessment=double,
        question_id=question_id,
        defaults={
            "value": value,
            "first_value": row.first,
            "first_evidence": row.first_evidence,
            "reason": reason,
            "reconciled_by": user,
        },
    )
    audit_record(
        user=user,
        action=AuditEvent.Action.CHANGE,
        object_type="Reconciliation",
        object_id=question_id,
        inspection=case.inspection,
        case=case,
        field="value",
        old=f"{row.first} / {row.second}",
        new=f"{value}: {reason}",
    )
    return settled
