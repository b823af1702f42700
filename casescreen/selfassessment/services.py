"""Writes for self-assessments: starting one (or the next from the last), its auditors,
sharing it, finishing it, and the actions on its areas for improvement. Each checks its
rules and leaves its audit record; the cases, sample and answers go through the services
of inspections, as an inspection's do."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_record
from casescreen.inspections.lifecycle import LifecycleError, inspection_transition, locked
from casescreen.inspections.models import Inspection, TeamMembership
from casescreen.inspections.services import PlanningError, inspection_create, team_member_add
from casescreen.sampling.models import SamplingSettings
from casescreen.selfassessment.models import ACTION_TEXT_MAX, Action


class SelfAssessmentError(ValueError):
    """A change the rules do not allow; the message says what is wrong, about ``field``
    (the argument at fault) when it is about one."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def _require_manager(user: Any, inspection: Inspection | None = None) -> None:
    if user.role != user.Role.YOT_MANAGER or (
        inspection is not None and user.yot_id != inspection.yot_id
    ):
        raise SelfAssessmentError(_("Only the YOT's manager can do this."))


def _reference(yot_name: str, today: date) -> str:
    base = slugify(f"self-assessment {yot_name} {today:%Y-%m}")[:54]
    reference, n = base, 1
    while Inspection.objects.filter(reference=reference).exists():
        n += 1
        reference = f"{base}-{n}"
    return reference


@transaction.atomic
def self_assessment_start(
    *,
    user: Any,
    today: date,
    framework_id: str = "",
    framework_version: str = "",
    from_previous: Inspection | None = None,
) -> Inspection:
    """A YOT manager starts an audit of their own YOT with a published question set, and
    leads it. Started from a previous self-assessment of the YOT, it takes that one's
    question set, sampling settings and auditors; its case list and sample are new."""
    if user.role != user.Role.YOT_MANAGER:
        raise SelfAssessmentError(_("Only a YOT manager can start a self-assessment."))
    if from_previous is not None:
        if not from_previous.is_self_assessment or from_previous.yot_id != user.yot_id:
            raise SelfAssessmentError(
                _(
                    "%(reference)s is not a self-assessment of your YOT: start the next"
                    " audit from one of your own. Nothing was started."
                )
                % {"reference": from_previous.reference}
            )
        framework_id = from_previous.framework_id
        framework_version = from_previous.framework_version
    try:
        inspection = inspection_create(
            user=user,
            yot=user.yot,
            reference=_reference(user.yot.name, today),
            framework_id=framework_id,
            framework_version=framework_version,
            fieldwork_start=today,
            fieldwork_end=today,
            kind=Inspection.Kind.SELF_ASSESSMENT,
        )
        team_member_add(
            user=user, inspection=inspection, member=user, role=TeamMembership.Role.LEAD
        )
        if from_previous is not None:
            _repeat(user, inspection, from_previous)
    except PlanningError as error:
        raise SelfAssessmentError(str(error)) from error
    return inspection


def _repeat(user: Any, inspection: Inspection, previous: Inspection) -> None:
    """The previous audit's sampling settings and those of its auditors still working
    for the YOT, each change audited."""
    settings = SamplingSettings.objects.filter(inspection=previous).first()
    if settings is not None:
        values = {
            f.name: getattr(settings, f.name)
            for f in SamplingSettings._meta.concrete_fields
            if f.name not in {"id", "inspection"}
        }
        copy = SamplingSettings.objects.create(inspection=inspection, **values)
        audit_record(
            user=user,
            action=AuditEvent.Action.CREATE,
            object_type="SamplingSettings",
            object_id=copy.pk,
            inspection=inspection,
            new={**values, "from": previous.reference},
        )
    auditors = previous.members.filter(
        role=TeamMembership.Role.INSPECTOR, user__is_active=True, user__yot_id=inspection.yot_id
    ).select_related("user")
    for membership in auditors:
        team_member_add(
            user=user,
            inspection=inspection,
            member=membership.user,
            role=TeamMembership.Role.INSPECTOR,
        )
    audit_record(
        user=user,
        action=AuditEvent.Action.CHANGE,
        object_type="Inspection",
        object_id=inspection.pk,
        inspection=inspection,
        field="started_from",
        old="",
        new=previous.reference,
    )


@transaction.atomic
def self_assessment_auditor_add(*, user: Any, inspection: Inspection, auditor: Any) -> None:
    """Put one of the YOT's auditors on the self-assessment, so that cases can be
    allocated to them (on the allocation page). The team rule refuses anybody from
    another YOT or from the inspectorate."""
    _require_manager(user, inspection)
    try:
        team_member_add(
            user=user, inspection=inspection, member=auditor, role=TeamMembership.Role.INSPECTOR
        )
    except PlanningError as error:
        raise SelfAssessmentError(str(error)) from error


@transaction.atomic
def self_assessment_share(
    *, user: Any, inspection: Inspection, shared_with: Inspection | None
) -> None:
    """Share the self-assessment's findings with an inspection of the same YOT (its lead
    inspector then reads them, never the cases), or stop sharing it (None)."""
    _require_manager(user, inspection)
    inspection = locked(inspection)
    if shared_with is not None and (
        shared_with.kind != Inspection.Kind.INSPECTION or shared_with.yot_id != inspection.yot_id
    ):
        raise SelfAssessmentError(
            _(
                "%(reference)s is not an inspection of %(yot)s: a self-assessment can be"
                " shared only with an inspection of its own YOT. Nothing was shared."
            )
            % {"reference": shared_with.reference, "yot": inspection.yot.name}
        )
    old = inspection.shared_with.reference if inspection.shared_with else ""
    inspection.shared_with = shared_with
    inspection.save(update_fields=["shared_with"])
    audit_record(
        user=user,
        action=AuditEvent.Action.CHANGE,
        object_type="Inspection",
        object_id=inspection.pk,
        inspection=inspection,
        field="shared_with",
        old=old,
        new=shared_with.reference if shared_with else "",
    )


@transaction.atomic
def self_assessment_finish(*, user: Any, inspection: Inspection) -> None:
    """The YOT manager finishes the audit: its cases and answers are kept as they stand
    and its findings no longer change."""
    _require_manager(user, inspection)
    try:
        inspection_transition(inspection=inspection, to_status=Inspection.Status.CLOSED, user=user)
    except LifecycleError as error:
        raise SelfAssessmentError(str(error)) from error


def _action_owner_refusal(owner: Any, inspection: Inspection) -> str | None:
    if not owner.is_active or not owner.is_yot_staff or owner.yot_id != inspection.yot_id:
        return _(
            "%(name)s does not work for %(yot)s: choose a member of your YOT's staff to own"
            " the action."
        ) % {"name": owner.username, "yot": inspection.yot.name}
    return None


@transaction.atomic
def action_add(
    *, user: Any, inspection: Inspection, text: str, owner: Any, due_on: date, today: date
) -> Action:
    """An action on an area for improvement the self-assessment found, owned by one of
    the YOT's staff and due on a day not yet past. Nothing is written when a rule
    refuses it."""
    _require_manager(user, inspection)
    text = text.strip()
    if not text:
        raise SelfAssessmentError(_("Say what will be done."), field="text")
    if len(text) > ACTION_TEXT_MAX:
        raise SelfAssessmentError(
            _("Say what will be done in %(max)d characters or fewer.") % {"max": ACTION_TEXT_MAX},
            field="text",
        )
    if refusal := _action_owner_refusal(owner, inspection):
        raise SelfAssessmentError(refusal, field="owner")
    if due_on < today:
        raise SelfAssessmentError(
            _("The due date must be today or later, not %(date)s.") % {"date": due_on.isoformat()},
            field="due_on",
        )
    action = Action.objects.create(
        self_assessment=inspection, text=text, owner=owner, due_on=due_on, created_by=user
    )
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        object_type="Action",
        object_id=action.pk,
        inspection=inspection,
        new={"text": text, "owner": owner.username, "due_on": due_on.isoformat()},
    )
    return action


@transaction.atomic
def action_done(*, user: Any, action: Action, today: date) -> None:
    """The YOT manager, or the action's owner, records it as done."""
    action = Action.objects.select_for_update().select_related("self_assessment").get(pk=action.pk)
    inspection = action.self_assessment
    if user.pk != action.owner_id:
        _require_manager(user, inspection)
    if action.status == Action.Status.DONE:
        raise SelfAssessmentError(_("This action is already done."))
    action.status, action.done_on = Action.Status.DONE, today
    action.save(update_fields=["status", "done_on"])
    audit_record(
        user=user,
        action=AuditEvent.Action.CHANGE,
        object_type="Action",
        object_id=action.pk,
        inspection=inspection,
        field="status",
        old=Action.Status.OPEN,
        new=Action.Status.DONE,
    )
