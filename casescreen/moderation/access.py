"""Who may see a blind double assessment, and what its second assessor may not see.

The second assessor judges the case without seeing the first assessment: while their own
assessment is not completed, every page of the case that goes through
``cases.access.get_case_for_user`` (the case, its facts, themes, evidence, examples, check
page) answers 404 to them, through the screen registered below. Their own pages go through
``get_second_assessment_for_user``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext

from casescreen.inspections.access import is_lead, remember_team_role
from casescreen.moderation.models import DoubleAssessment


def blind_to_first_assessment(user: Any) -> Q:
    """Cases whose first assessment ``user`` may see: not those they are assessing again."""
    return ~Q(
        pk__in=DoubleAssessment.objects.filter(
            second_inspector_id=user.pk, status=DoubleAssessment.Status.IN_PROGRESS
        ).values("case_id")
    )


def get_second_assessment_for_user(
    user: Any, inspection_ref: str, case_ref: str
) -> DoubleAssessment:
    """The double assessment, for its second assessor only (on the inspection's team)."""
    if not user.is_authenticated:
        raise Http404(gettext("No such case"))
    double = (
        DoubleAssessment.objects.select_related("case", "case__inspection", "second_inspector")
        .filter(
            case__inspection__reference=inspection_ref,
            case__reference=case_ref,
            second_inspector=user,
            case__inspection__members__user=user,
        )
        .first()
    )
    if double is None:
        raise Http404(gettext("No such case"))
    return double


def get_double_assessment_for_lead(
    user: Any, inspection_ref: str, case_ref: str
) -> DoubleAssessment:
    """The double assessment, for the inspection's lead inspector (who reconciles it)."""
    if not user.is_authenticated:
        raise Http404(gettext("No such case"))
    double = (
        DoubleAssessment.objects.select_related("case", "case__inspection", "second_inspector")
        .filter(case__inspection__reference=inspection_ref, case__reference=case_ref)
        .first()
    )
    if double is None or not is_lead(user, double.case.inspection):
        raise Http404(gettext("No such case"))
    remember_team_role(user, double.case.inspection, "lead")
    return double
