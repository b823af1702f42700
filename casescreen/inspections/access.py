"""Who may see and change an inspection: the one checkpoint for inspections.

Outsiders get 404, so the existence of an inspection is not disclosed; people
who may read but not change get 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from casescreen.inspections.models import Inspection, TeamMembership

# A YOT learns of its inspection when it is announced; a read-only viewer sees
# only what has been published.
HIDDEN_FROM_YOT = (Inspection.Status.PLANNED,)
PUBLIC_STATUSES = (Inspection.Status.PUBLISHED, Inspection.Status.CLOSED)


def inspections_visible_to(user: Any, *, self_assessments: bool = False) -> QuerySet[Inspection]:
    """Inspections the user may open: their team's, their own YOT's once announced,
    published ones for viewers, or all for administrators.

    Self-assessments are their YOT's own: only its manager and auditors see them, and
    only the pages that serve them ask for them (``self_assessments=True``): every
    other inspection page does not know them.
    """
    qs = Inspection.objects.select_related("yot")
    if not user.is_authenticated:
        return qs.none()
    if not self_assessments:
        qs = qs.filter(kind=Inspection.Kind.INSPECTION)
    if user.role != user.Role.INSPECTOR:
        return qs.filter(visible_by_role(user))
    return qs.filter(visible_by_role(user), members__user=user).distinct()


def visible_by_role(user: Any, prefix: str = "") -> Q:
    """What the user's role lets them see of the inspection at ``prefix``, leaving out team
    membership: for YOT staff and viewers, all of ``inspections_visible_to``'s rule; for
    others, the inspections (never a self-assessment) of which their caller requires
    membership."""

    def where(**conditions: Any) -> Q:
        return Q(**{f"{prefix}{name}": value for name, value in conditions.items()})

    own_self_assessments = where(kind=Inspection.Kind.SELF_ASSESSMENT, yot_id=user.yot_id)
    if user.role == user.Role.YOT_MANAGER:
        return own_self_assessments | (
            where(kind=Inspection.Kind.INSPECTION, yot_id=user.yot_id)
            & ~where(status__in=HIDDEN_FROM_YOT)
        )
    if user.role == user.Role.YOT_AUDITOR:
        return own_self_assessments
    if user.role == user.Role.VIEWER:
        return where(kind=Inspection.Kind.INSPECTION, status__in=PUBLIC_STATUSES)
    return where(kind=Inspection.Kind.INSPECTION)


def team_role(user: Any, inspection: Inspection) -> str | None:
    """The user's role on the inspection team, or None."""
    if not user.is_authenticated:
        return None
    cache = _team_roles(user)
    if inspection.pk not in cache:
        cache[inspection.pk] = (
            TeamMembership.objects.filter(inspection=inspection, user=user)
            .values_list("role", flat=True)
            .first()
        )
    return cache[inspection.pk]


def _team_roles(user: Any) -> dict[int, str | None]:
    cache = getattr(user, "_team_roles", None)
    if cache is None:
        cache = {}
        user._team_roles = cache
    return cache


def remember_team_role(user: Any, inspection: Inspection, role: str | None) -> None:
    """Record a role read along with another query, so ``team_role`` need not ask again."""
    _team_roles(user)[inspection.pk] = role


def is_team_member(user: Any, inspection: Inspection) -> bool:
    return team_role(user, inspection) is not None


def on_team(user: Any, inspection: Inspection) -> bool:
    """Team members and administrators: they see drafts, problems, reasons and comments."""
    return bool(
        user.is_authenticated and (user.is_administrator or is_team_member(user, inspection))
    )


def is_lead(user: Any, inspection: Inspection) -> bool:
    return team_role(user, inspection) == TeamMembership.Role.LEAD


def can_manage(user: Any, inspection: Inspection) -> bool:
    """Moving an inspection through its lifecycle: its lead inspector or an administrator."""
    if not user.is_authenticated:
        return False
    return user.role == user.Role.ADMINISTRATOR or is_lead(user, inspection)


def get_inspection_for_user(
    user: Any,
    reference: str,
    *,
    lead: bool = False,
    manage: bool = False,
    self_assessments: bool = False,
) -> Inspection:
    """The inspection, if the user may see it; with lead=True only its lead inspector
    passes, with manage=True its lead inspector or an administrator. Pages that serve
    self-assessments too say so (the lead of a self-assessment is its YOT manager)."""
    inspection = (
        inspections_visible_to(user, self_assessments=self_assessments)
        .filter(reference=reference)
        .first()
    )
    if inspection is None:
        raise Http404(gettext("No such inspection"))
    if lead and not is_lead(user, inspection):
        raise PermissionDenied(gettext("Only the lead inspector can do this."))
    if manage and not can_manage(user, inspection):
        raise PermissionDenied(gettext("Only the lead inspector or an administrator can do this."))
    return inspection


def get_team_inspection_for_user(
    user: Any, reference: str, *, self_assessments: bool = False
) -> Inspection:
    """The inspection, for members of its team only (case-level work)."""
    inspection = (
        inspections_visible_to(user, self_assessments=self_assessments)
        .filter(reference=reference)
        .first()
    )
    if inspection is None or not is_team_member(user, inspection):
        raise Http404(gettext("No such inspection"))
    return inspection


def get_self_assessment_for_user(user: Any, reference: str, *, manage: bool = False) -> Inspection:
    """A self-assessment, for its YOT's manager and auditors (anybody else gets 404); with
    manage=True its YOT manager only."""
    inspection = (
        inspections_visible_to(user, self_assessments=True)
        .filter(reference=reference, kind=Inspection.Kind.SELF_ASSESSMENT)
        .first()
    )
    if inspection is None:
        raise Http404("No such self-assessment")
    if manage and user.role != user.Role.YOT_MANAGER:
        raise PermissionDenied(gettext("Only the YOT manager can do this."))
    return inspection


def get_self_assessment_findings_for_user(user: Any, reference: str) -> tuple[Inspection, bool]:
    """A self-assessment whose findings the user may read, and whether it is only shared
    with them: its YOT's staff read it as their own; the lead inspector of the inspection
    it is shared with reads its findings (never its cases). Anybody else gets 404."""
    if not user.is_authenticated:
        raise Http404("No such self-assessment")
    own = (
        inspections_visible_to(user, self_assessments=True)
        .filter(reference=reference, kind=Inspection.Kind.SELF_ASSESSMENT)
        .first()
    )
    if own is not None:
        return own, False
    shared = self_assessments_shared_with(user).filter(reference=reference).first()
    if shared is None:
        raise Http404("No such self-assessment")
    return shared, True


def self_assessments_shared_with(user: Any) -> QuerySet[Inspection]:
    """The self-assessments whose findings ``user`` reads as shared with them: those shared
    with an inspection they may open and lead."""
    if not user.is_authenticated:
        return Inspection.objects.none()
    return Inspection.objects.select_related("yot", "shared_with").filter(
        kind=Inspection.Kind.SELF_ASSESSMENT,
        shared_with__in=inspections_visible_to(user),
        shared_with__members__user=user,
        shared_with__members__role=TeamMembership.Role.LEAD,
    )


def team_member_refusal(user: Any, inspection: Inspection) -> str | None:
    """Why ``user`` may not join ``inspection``'s team, or None if they may.

    The one rule for every way onto a team (the import, the admin, team pages):
    inspections are carried out by inspectors, never by people they inspect or by
    readers. A read-only viewer reads published reports only; a YOT manager, and
    anyone belonging to the inspected YOT, is on the other side of the inspection.
    A self-assessment is the other way round: its YOT's own manager and auditors carry
    it out, and nobody else.
    """
    if inspection.is_self_assessment:
        if not user.is_yot_staff:
            return gettext(
                "%(username)s does not work for a YOT and cannot carry out a self-assessment"
            ) % {"username": user.username}
        if user.yot_id != inspection.yot_id:
            return gettext(
                "%(username)s belongs to another YOT and cannot audit %(yot)s's cases"
            ) % {
                "username": user.username,
                "yot": inspection.yot.name,
            }
        return None
    if user.role == user.Role.VIEWER:
        return gettext("%(username)s is a read-only viewer and cannot be on an inspection team") % {
            "username": user.username
        }
    if user.yot_id is not None and user.yot_id == inspection.yot_id:
        return gettext(
            "%(username)s belongs to the inspected YOT and cannot be on its inspection team"
        ) % {"username": user.username}
    if user.role == user.Role.YOT_MANAGER:
        return gettext("%(username)s is a YOT manager and cannot be on an inspection team") % {
            "username": user.username
        }
    if user.is_yot_staff:
        return gettext("%(username)s is a YOT auditor and cannot be on an inspection team") % {
            "username": user.username
        }
    return None


def require_administrator(user: Any) -> None:
    """Programme-wide pages (the YOT register, the calendar, access logs)."""
    if not (user.is_authenticated and user.role == user.Role.ADMINISTRATOR):
        raise PermissionDenied(gettext("Only an administrator can do this."))
