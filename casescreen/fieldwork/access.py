"""Who may see and change an inspection's allocation and timetable: the one checkpoint.

The allocation shows assessment data (who assesses what, and how far they are), so only
the inspection team sees it. The timetable also goes to the YOT manager, who arranges
for the case managers to attend; it holds no assessment data. Only the lead inspector
changes either. Outsiders get 404, those who may see but not change get 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext, gettext_lazy

from casescreen.inspections.access import inspections_visible_to, is_lead, is_team_member
from casescreen.inspections.models import Inspection

LEAD_ONLY = gettext_lazy("Only the lead inspector can do this.")


def get_allocation_inspection(user: Any, reference: str, *, write: bool = False) -> Inspection:
    # A self-assessment's YOT manager allocates its cases to the YOT's auditors.
    inspection = (
        inspections_visible_to(user, self_assessments=True).filter(reference=reference).first()
    )
    if inspection is None or not is_team_member(user, inspection):
        raise Http404(gettext("No such inspection"))
    if write and not is_lead(user, inspection):
        raise PermissionDenied(LEAD_ONLY)
    return inspection


def get_timetable_inspection(user: Any, reference: str, *, write: bool = False) -> Inspection:
    inspection = inspections_visible_to(user).filter(reference=reference).first()
    if inspection is None:
        raise Http404(gettext("No such inspection"))
    # inspections_visible_to already limits a YOT manager to their own announced inspections.
    yot_manager = user.role == user.Role.YOT_MANAGER
    if not (yot_manager or is_team_member(user, inspection)):
        raise Http404(gettext("No such inspection"))
    if write and not is_lead(user, inspection):
        raise PermissionDenied(LEAD_ONLY)
    return inspection


def can_change(user: Any, inspection: Inspection) -> bool:
    return is_lead(user, inspection)
