"""Findings pages for the inspection team."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from casescreen.findings.presentation import question_group, theme_findings
from casescreen.findings.selectors import cases_by_reference, inspection_findings
from casescreen.inspections.access import get_team_inspection_for_user


def findings_page(request: HttpRequest, reference: str) -> HttpResponse:
    inspection = get_team_inspection_for_user(request.user, reference)
    findings = inspection_findings(inspection)
    return render(
        request,
        "findings/findings.html",
        {"inspection": inspection, "findings": findings, "themes": theme_findings(findings)},
    )


def findings_group(
    request: HttpRequest, reference: str, question_id: str, group: str
) -> HttpResponse:
    inspection = get_team_inspection_for_user(request.user, reference)
    findings = inspection_findings(inspection)
    try:
        cases_behind = question_group(findings, question_id, group)
    except KeyError:
        raise Http404("No such question or group") from None
    return render(
        request,
        "findings/group.html",
        {
            "inspection": inspection,
            "findings": findings,
            "group": cases_behind,
            "cases": cases_by_reference(inspection, cases_behind.references),
        },
    )
