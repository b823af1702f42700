"""Writes for planning an inspection: creating it and building its team.

Every way of planning (the admin for support today, planning pages later) goes
through these functions, with their checks and their audit record.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_record
from casescreen.frameworks import get_framework
from casescreen.frameworks.stored import known_frameworks
from casescreen.inspections.access import team_member_refusal
from casescreen.inspections.lifecycle import locked
from casescreen.inspections.models import (
    CopyListContact,
    Inspection,
    TeamMembership,
    Yot,
    copy_list_text,
    yots_named,
)


class PlanningError(ValueError):
    """A plan the rules do not allow; the message says what is wrong."""


def published_frameworks() -> list[tuple[str, str]]:
    """The question sets an inspection may use, as (id, version), newest first."""
    return sorted(
        (
            (framework.id, framework.version)
            for framework in known_frameworks().values()
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
    announcement_planned: date | None = None,
    kind: str = Inspection.Kind.INSPECTION,
) -> Inspection:
    """Plan an inspection of ``yot`` with a published question set; or start a
    self-assessment of it (``kind``), which is under way at once: a YOT needs no notice
    of its own audit."""
    if (framework_id, framework_version) not in published_frameworks():
        raise PlanningError(
            gettext(
                "There is no published question set %(framework_id)s version %(framework_version)s."
            )
            % {"framework_id": framework_id, "framework_version": framework_version}
        )
    if fieldwork_end < fieldwork_start:
        raise PlanningError(gettext("Fieldwork must end on or after the day it starts."))
    if announcement_planned is not None and announcement_planned >= fieldwork_start:
        raise PlanningError(gettext("The announcement must come before fieldwork starts."))
    if Inspection.objects.filter(reference=reference).exists():
        raise PlanningError(
            gettext("The reference %(reference)s is already used by another inspection.")
            % {"reference": reference}
        )
    inspection = Inspection.objects.create(
        yot=yot,
        reference=reference,
        framework_id=framework_id,
        framework_version=framework_version,
        # The words for shares are the question set's own.
        vocabulary=get_framework(framework_id, framework_version).vocabulary or "",
        fieldwork_start=fieldwork_start,
        fieldwork_end=fieldwork_end,
        announcement_planned=announcement_planned,
        kind=kind,
        status=(
            Inspection.Status.FIELDWORK
            if kind == Inspection.Kind.SELF_ASSESSMENT
            else Inspection.Status.PLANNED
        ),
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


def team_frozen_refusal(inspection: Inspection) -> str:
    """Why the team can no longer change, or "" while it can. Once the records are frozen
    the team is part of them: nobody joins (and so reads the children's records afresh)
    and nobody leaves."""
    if not inspection.records_frozen:
        return ""
    if inspection.is_self_assessment:
        return gettext("The self-assessment is finished: its auditors are part of the record.")
    return gettext("The report is published: its team is part of the record.")


def _refuse_if_team_frozen(inspection: Inspection) -> None:
    refusal = team_frozen_refusal(inspection)
    if refusal:
        raise PlanningError(refusal)


@transaction.atomic
def team_member_add(*, user: Any, inspection: Inspection, member: Any, role: str) -> TeamMembership:
    """Put ``member`` on the inspection's team, as lead or inspector; refused once the
    records are frozen, as a removal is."""
    inspection = locked(inspection)
    _refuse_if_team_frozen(inspection)
    refusal = team_member_refusal(member, inspection)
    if refusal:
        raise PlanningError(refusal[0].upper() + refusal[1:] + ".")
    if role not in TeamMembership.Role.values:
        raise PlanningError(gettext("There is no team role %(role)s.") % {"role": f"{role!r}"})
    if inspection.members.filter(user=member).exists():
        raise PlanningError(
            gettext("%(username)s is already on this inspection's team.")
            % {"username": member.username}
        )
    if role == TeamMembership.Role.LEAD and inspection.members.filter(role=role).exists():
        raise PlanningError(gettext("This inspection already has a lead inspector."))
    try:
        with transaction.atomic():
            membership = TeamMembership.objects.create(
                inspection=inspection, user=member, role=role
            )
    except IntegrityError as error:  # a concurrent add won the race
        raise PlanningError(
            gettext("The team changed meanwhile; reload the page and try again.")
        ) from error
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
    _refuse_if_team_frozen(inspection)
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


# The YOT register, kept by administrators on its own pages (the CSV import is in yots.py).

YOT_FIELDS = (
    "name",
    "local_authority",
    "name_cy",
    "local_authority_cy",
    "nation",
    "region",
    "board_chair",
    "manager_name",
    "manager_email",
)


def _name_taken(name: str, *, exclude: int | None = None) -> bool:
    others = yots_named(name)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    return others.exists()


def _name_taken_message(name: str) -> str:
    return gettext(
        "There is already a YOT called %(name)s in the register: give this one another name."
    ) % {"name": name}


@transaction.atomic
def yot_create(*, user: Any, values: dict[str, str]) -> Yot:
    """Add a YOT to the register; its name must be new (ignoring case)."""
    values = {key: values.get(key, "") for key in YOT_FIELDS}
    if _name_taken(values["name"]):
        raise PlanningError(_name_taken_message(values["name"]))
    try:
        with transaction.atomic():
            yot = Yot.objects.create(**values)
    except IntegrityError as error:  # added meanwhile by someone else
        raise PlanningError(_name_taken_message(values["name"])) from error
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        object_type="Yot",
        object_id=yot.pk,
        new=yot.name,
    )
    return yot


@transaction.atomic
def yot_update(*, user: Any, yot: Yot, values: dict[str, str]) -> Yot:
    """Change a YOT's details, one audit record for each field that changed."""
    yot = Yot.objects.select_for_update().get(pk=yot.pk)
    changed = {
        key: value
        for key, value in values.items()
        if key in YOT_FIELDS and getattr(yot, key) != value
    }
    if "name" in changed and _name_taken(changed["name"], exclude=yot.pk):
        raise PlanningError(_name_taken_message(changed["name"]))
    before = {key: getattr(yot, key) for key in changed}
    for key, value in changed.items():
        setattr(yot, key, value)
    try:
        with transaction.atomic():
            yot.save(update_fields=list(changed) or None)
    except IntegrityError as error:
        raise PlanningError(_name_taken_message(yot.name)) from error
    for key, value in changed.items():
        audit_record(
            user=user,
            action=AuditEvent.Action.CHANGE,
            object_type="Yot",
            object_id=yot.pk,
            field=key,
            old=before[key],
            new=value,
        )
    return yot


def _copy_list_text(yot: Yot) -> str:
    return copy_list_text(yot.copy_list.order_by("position", "id"))


def copy_list_changed(*, user: Any, yot: Yot, old: str) -> None:
    """Record that the YOT's copy list changed from ``old`` (``copy_list_text``)."""
    audit_record(
        user=user,
        action=AuditEvent.Action.CHANGE,
        object_type="Yot",
        object_id=yot.pk,
        field="copy_list",
        old=old,
        new=_copy_list_text(yot),
    )


def _renumber(contacts: list[CopyListContact]) -> None:
    for position, contact in enumerate(contacts):
        contact.position = position
    CopyListContact.objects.bulk_update(contacts, ["position"])


@transaction.atomic
def copy_list_add(
    *, user: Any, yot: Yot, role_title: str, name: str, role_title_cy: str = ""
) -> CopyListContact:
    """Add someone to the end of the YOT's copy list; a role appears once."""
    yot = Yot.objects.select_for_update().get(pk=yot.pk)
    contacts = list(yot.copy_list.order_by("position", "id"))
    if any(c.role_title.lower() == role_title.lower() for c in contacts):
        raise PlanningError(
            gettext(
                "The copy list already has a %(role_title)s: remove that entry first to change it."
            )
            % {"role_title": role_title}
        )
    old = _copy_list_text(yot)
    contact = CopyListContact.objects.create(
        yot=yot,
        role_title=role_title,
        role_title_cy=role_title_cy,
        name=name,
        position=len(contacts),
    )
    copy_list_changed(user=user, yot=yot, old=old)
    return contact


@transaction.atomic
def copy_list_remove(*, user: Any, yot: Yot, contact_id: int) -> None:
    yot = Yot.objects.select_for_update().get(pk=yot.pk)
    old = _copy_list_text(yot)
    deleted, _ = yot.copy_list.filter(pk=contact_id).delete()
    if not deleted:
        raise PlanningError(gettext("That entry is no longer on the copy list."))
    _renumber(list(yot.copy_list.order_by("position", "id")))
    copy_list_changed(user=user, yot=yot, old=old)


@transaction.atomic
def copy_list_move(*, user: Any, yot: Yot, contact_id: int, up: bool) -> None:
    """Move one entry a place up or down the list (the order the report prints it in)."""
    yot = Yot.objects.select_for_update().get(pk=yot.pk)
    contacts = list(yot.copy_list.order_by("position", "id"))
    index = next((i for i, c in enumerate(contacts) if c.pk == contact_id), None)
    if index is None:
        raise PlanningError(gettext("That entry is no longer on the copy list."))
    other = index - 1 if up else index + 1
    if not 0 <= other < len(contacts):
        raise PlanningError(
            gettext("That entry is already at the top.")
            if up
            else gettext("That entry is already at the bottom.")
        )
    old = _copy_list_text(yot)
    contacts[index], contacts[other] = contacts[other], contacts[index]
    _renumber(contacts)
    copy_list_changed(user=user, yot=yot, old=old)
