"""Who may see and change a case: only the inspection's team. The one checkpoint for cases."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from casescreen.cases.models import Case
from casescreen.inspections.access import get_team_inspection_for_user
from casescreen.inspections.models import Inspection


def cases_visible_to(user: Any, inspection: Inspection) -> QuerySet[Case]:
    return Case.objects.filter(inspection=inspection, inspection__members__user=user)


def get_case_for_user(user: Any, inspection_ref: str, case_ref: str) -> Case:
    """The case, for members of its inspection's team; anybody else gets 404."""
    inspection = get_team_inspection_for_user(user, inspection_ref)
    case = (
        Case.objects.select_related("inspection", "inspection__yot", "identity")
        .filter(inspection=inspection, reference=case_ref)
        .first()
    )
    if case is None:
        raise Http404("No such case")
    return case
