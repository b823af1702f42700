"""Who may see and change a case: only the inspection's team. The one checkpoint for cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from casescreen.cases.models import Case
from casescreen.inspections.access import remember_team_role, visible_by_role
from casescreen.inspections.models import Inspection

# Rules of apps built on this one that hide a case from some of its team (a second
# assessor must not see the first assessment), each a filter on cases for a user. They are
# registered when those apps load, so this stays the one checkpoint for cases.
_case_screens: list[Callable[[Any], Q]] = []


def register_case_screen(screen: Callable[[Any], Q]) -> None:
    if screen not in _case_screens:
        _case_screens.append(screen)


def cases_visible_to(user: Any, inspection: Inspection) -> QuerySet[Case]:
    return Case.objects.filter(inspection=inspection, inspection__members__user=user)


def get_case_for_user(user: Any, inspection_ref: str, case_ref: str) -> Case:
    """The case, for members of its inspection's team; anybody else gets 404, as does a
    case with no assessment (never sampled, or taken out by a redraw): it has no pages.

    The rule of ``get_team_inspection_for_user`` (an inspection the user may see, and
    a place on its team) decided in the one query that reads the case, joined to the
    user's membership (one at most per inspection).
    """
    if not user.is_authenticated:
        raise Http404(gettext("No such case"))
    case = (
        Case.objects.select_related("inspection", "inspection__yot", "identity")
        .filter(
            visible_by_role(user, "inspection__"),
            *(screen(user) for screen in _case_screens),
            inspection__reference=inspection_ref,
            inspection__members__user=user,
            reference=case_ref,
            assessment__isnull=False,
        )
        .annotate(team_role=F("inspection__members__role"))
        .first()
    )
    if case is None:
        raise Http404(gettext("No such case"))
    remember_team_role(user, case.inspection, case.team_role)
    return case
