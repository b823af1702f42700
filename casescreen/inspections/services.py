"""Writes for planning an inspection: creating it and building its team.

Every way of planning (the admin for support today, planning pages later) goes
through these functions, with their checks and their audit record.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_record
from casescreen.frameworks.loader import available_frameworks
from casescreen.inspections.access import team_member_refusal
from casescreen.inspections.lifecycle import locked
from casescreen.inspections.models import Inspection, TeamMembership, Yot


class PlanningError(ValueError):
    """A plan the rules do not allow; the message says what is wrong."""


def published_frameworks() -> list[tuple[str, str]]:
    """The question sets an inspection may use, as (id, version), newest first."""
    return sorted(
        (
            (framework.id, framework.version)
            for framework in available_frameworks().values()
            if framework.status == "published"
        ),
        reverse=True,
    )


@transaction.atomic
def inspection_create(
    *,
    user: Any,
    yot: Yot,
    reference: str,
    framework_id: str,
    framework_version: str,
    fieldwork_start: date,
    fieldwork_end: date,
) -> Inspection:
    """Plan an inspection of ``yot`` with a published question set."""
    if (framework_id, framework_version) not in published_frameworks():
        raise PlanningError(
            f"There is no published question set {framework_id} version {framework_version}."
        )
    if fieldwork_end < fieldwork_start:
        raise PlanningError("Fieldwork must end on or after the day it starts.")
    if Inspection.objects.filter(reference=reference).exists():
        raise PlanningError(f"The reference {reference} is already used by another inspection.")
    inspection = Inspection.objects.create(
        yot=yot,
        reference=reference,
        framework_id=framework_id,
        framework_version=framework_version,
        fieldwork_start=fieldwork_start,
        fieldwork_end=fieldwork_end,
    )
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        object_type="Inspection",
        object_id=inspection.pk,
        inspection=inspection,
        new=f"{inspection.reference} ({inspection.framework_key})",
    )
    return inspection


@transaction.atomic
def team_member_add(*, user: Any, inspection: Inspection, member: Any, role: str) -> TeamMembership:
    """Put ``member`` on the inspection's team, as lead or inspector."""
    inspection = locked(inspection)
    refusal = team_member_refusal(member, inspection)
    if refusal:
        raise PlanningError(refusal[0].upper() + refusal[1:] + ".")
    if role not in TeamMembership.Role.values:
        raise PlanningError(f"There is no team role {role!r}.")
    if inspection.members.filter(user=member).exists():
        raise PlanningError(f"{member.username} is already on this inspection's team.")
    if role == TeamMembership.Role.LEAD and inspection.members.filter(role=role).exists():
        raise PlanningError("This inspection already has a lead inspector.")
    try:
        with transaction.atomic():
            membership = TeamMembership.objects.create(
                inspection=inspection, user=member, role=role
            )
    except IntegrityError as error:  # a concurrent add won the race
        raise PlanningError("The team changed meanwhile; reload the page and try again.") from error
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        object_type="TeamMembership",
        object_id=membership.pk,
        inspection=inspection,
        field="team",
        new=f"{member.username} ({role})",
    )
    return membership


@transaction.atomic
def team_member_remove(*, user: Any, membership: TeamMembership) -> None:
    inspection = locked(membership.inspection)
    if inspection.records_frozen:
        raise PlanningError("The report is published: its team is part of the record.")
    audit_record(
        user=user,
        action=AuditEvent.Action.DELETE,
        object_type="TeamMembership",
        object_id=membership.pk,
        inspection=inspection,
        field="team",
        old=f"{membership.user.username} ({membership.role})",
    )
    membership.delete()
