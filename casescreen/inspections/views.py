"""Inspection pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casescreen.assessments.models import Assessment
from casescreen.inspections.access import get_inspection_for_user, is_team_member
from casescreen.inspections.selectors import case_progress, team_members


def inspection_detail(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, reference)
    on_team = is_team_member(request.user, inspection)
    context: dict[str, object] = {"inspection": inspection, "on_team": on_team}
    if on_team:
        members = list(team_members(inspection))
        # Unknown filter values are ignored rather than refused: the filter is a convenience.
        inspector = request.GET.get("inspector", "")
        inspector_id = next((m.pk for m in members if str(m.pk) == inspector), None)
        status = request.GET.get("status", "")
        if status not in Assessment.Status.values:
            status = ""
        context.update(
            cases=case_progress(inspection, inspector_id=inspector_id, status=status or None),
            members=members,
            statuses=Assessment.Status.choices,
            selected_inspector=inspector_id,
            selected_status=status,
            filtered=bool(inspector_id or status),
        )
    return render(request, "inspections/detail.html", context)
