"""The inspection page: where an inspection stands, for each role, across every app."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from casescreen.assessments.models import Assessment
from casescreen.inspections.access import (
    can_manage,
    get_inspection_for_user,
    get_self_assessment_for_user,
    is_lead,
    is_team_member,
    self_assessments_shared_with,
)
from casescreen.inspections.access import on_team as sees_progress
from casescreen.inspections.lifecycle import announcement_of
from casescreen.inspections.models import Inspection
from casescreen.moderation.selectors import second_assessments_of
from casescreen.notifications.selectors import unsent
from casescreen.quality.access import is_reviewer
from casescreen.quality.selectors import review_counts
from casescreen.reports.access import can_read_report
from casescreen.reports.models import Report
from casescreen.web.selectors import Task, case_progress, inspection_tasks, team_members


def inspection_detail(request: HttpRequest, reference: str) -> HttpResponse:
    try:
        inspection = get_inspection_for_user(request.user, reference)
    except Http404:
        # The case pages link back here: a self-assessment's own staff go to its page,
        # anybody else gets the same 404.
        get_self_assessment_for_user(request.user, reference)
        return redirect("self_assessment", reference=reference)
    on_team = is_team_member(request.user, inspection)
    context: dict[str, object] = {
        "inspection": inspection,
        "on_team": on_team,
        "links": _links(request.user, inspection, on_team),
        "unsent": list(unsent(inspection)) if can_manage(request.user, inspection) else [],
        "back": "inspection",
        # Only its lead reads what a YOT shares with an inspection: nobody else's page asks.
        "shared_self_assessments": list(
            self_assessments_shared_with(request.user).filter(shared_with=inspection)
        )
        if is_lead(request.user, inspection)
        else [],
    }
    # Where the inspection stands is for the people running it: the team and administrators.
    if sees_progress(request.user, inspection):
        context["tasks"] = _task_links(request.user, inspection, inspection_tasks(inspection))
    if on_team:
        members = list(team_members(inspection))
        # Unknown filter values are ignored rather than refused: the filter is a convenience.
        inspector = request.GET.get("inspector", "")
        inspector_id = next((m.pk for m in members if str(m.pk) == inspector), None)
        status = request.GET.get("status", "")
        if status not in Assessment.Status.values:
            status = ""
        context.update(
            cases=case_progress(
                inspection,
                inspector_id=inspector_id,
                status=status or None,
                first_for=request.user.pk,
            ),
            members=members,
            statuses=Assessment.Status.choices,
            selected_inspector=inspector_id,
            selected_status=status,
            filtered=bool(inspector_id or status),
            reviews=review_counts(inspection),
        )
    return render(request, "inspections/detail.html", context)


def _task_links(user: Any, inspection: Inspection, tasks: list[Task]) -> list[tuple[Task, str]]:
    """Each task with the address of its page, or "" where the user may not open it."""
    ref = (inspection.reference,)
    manage, lead, member = (
        can_manage(user, inspection),
        is_lead(user, inspection),
        is_team_member(user, inspection),
    )
    allowed = {
        "inspection_team": manage,
        "inspection_announce": manage and inspection.status == Inspection.Status.PLANNED,
        "case_import": lead,
        "sample": lead,
        "allocation": member,
        "inspection": member,
        "reoffending:inspection": manage,
        "findings": member,
        "ratings": member,
        "report": True,  # the task list is shown to the team and administrators, who read it
        "inspection_lifecycle": True,
    }
    result = []
    for task in tasks:
        url = reverse(task.url_name, args=ref) if allowed.get(task.url_name) else ""
        if task.url_name == "inspection" and url:
            url += "#case-table"
        if task.key == "announce" and not url:
            url = reverse("inspection_lifecycle", args=ref)
        result.append((task, url))
    return result


def _links(user: Any, inspection: Inspection, on_team: bool) -> list[tuple[str, str]]:
    """The inspection's other pages, each offered only to those its access helper admits."""
    ref = (inspection.reference,)
    links: list[tuple[str, str]] = []
    if on_team:
        links.append((_("Findings"), reverse("findings", args=ref)))
        links.append((_("Case allocation"), reverse("allocation", args=ref)))
        if is_reviewer(user, inspection):
            links.append(
                (_("Quality assurance of assessments"), reverse("quality_review", args=ref))
            )
        links.extend(
            (
                _("Second assessment of case %(reference)s") % {"reference": double.case.reference},
                reverse("second_assessment", args=(*ref, double.case.reference)),
            )
            for double in second_assessments_of(user, inspection)
        )
    if on_team or user.role == user.Role.YOT_MANAGER:
        links.append((_("Interview timetable"), reverse("timetable", args=ref)))
    if is_lead(user, inspection):
        links.append((_("Import the case list"), reverse("case_import", args=ref)))
        links.append((_("Sample"), reverse("sample", args=ref)))
        links.append((_("Blind double assessment"), reverse("moderation", args=ref)))
    report = Report.objects.filter(inspection=inspection).first()
    if can_read_report(user, inspection, report):
        links.append((_("Report"), reverse("report", args=ref)))
    if user.role != user.Role.VIEWER and announcement_of(inspection) is not None:
        links.append((_("Announcement letter"), reverse("inspection_letter", args=ref)))
    if can_manage(user, inspection):
        links.append((_("Team"), reverse("inspection_team", args=ref)))
        links.append((_("Status and announcement"), reverse("inspection_lifecycle", args=ref)))
        links.append((_("Reoffending figures"), reverse("reoffending:inspection", args=ref)))
        links.append((_("Emails sent"), reverse("inspection_emails", args=ref)))
    if user.role == user.Role.ADMINISTRATOR:
        links.append((_("Access log (CSV)"), reverse("inspection_access_log", args=ref)))
    return links
