"""Writes for self-assessments: starting one, its auditors, sharing it. Each checks its
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
from casescreen.inspections.lifecycle import locked
from casescreen.inspections.models import Inspection, TeamMembership
from casescreen.inspections.services import PlanningError, inspection_create, team_member_add


class SelfAssessmentError(ValueError):
    """A change the rules do not allow; the message says what is wrong."""


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
    *, user: Any, framework_id: str, framework_version: str, today: date
) -> Inspection:
    """A YOT manager starts an audit of their own YOT with a published question set, and
    leads it."""
    if user.role != user.Role.YOT_MANAGER:
        raise SelfAssessmentError(_("Only a YOT manager can start a self-assessment."))
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
    except PlanningError as error:
        raise SelfAssessmentError(str(error)) from error
    return inspection


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
