"""Inspection pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casescreen.inspections.access import get_inspection_for_user, is_team_member
from casescreen.inspections.selectors import sampled_cases


def inspection_detail(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, reference)
    on_team = is_team_member(request.user, inspection)
    cases = sampled_cases(inspection) if on_team else None
    return render(
        request,
        "inspections/detail.html",
        {"inspection": inspection, "cases": cases, "on_team": on_team},
    )
