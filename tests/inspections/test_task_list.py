"""The inspection page's task list: where an inspection stands, task by task."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from casescreen.fieldwork.selectors import allocation_status
from casescreen.inspections.models import Inspection, TeamMembership
from casescreen.web.selectors import inspection_tasks

TASK = re.compile(
    r'<li class="govuk-task-list__item[^"]*">\s*<div class="govuk-task-list__name-and-hint">\s*'
    r'(?:<a class="govuk-link govuk-task-list__link" href="(?P<href>[^"]*)"[^>]*>|<div>)'
    r"(?P<name>[^<]+)<.*?"
    r'id="task-(?P<key>[a-z_]+)-status">\s*(?:<strong[^>]*>)?(?P<status>[^<]+?)\s*<',
    re.DOTALL,
)

ORDER = [
    "plan",
    "announce",
    "case_list",
    "sample",
    "allocation",
    "assessment",
    "reoffending",
    "findings",
    "report",
    "factual_accuracy",
    "publication",
    "retention",
]


def _tasks(client: Any, reference: str, order: list[str] = ORDER) -> dict[str, tuple[str, str]]:
    page = client.get(f"/inspections/{reference}/")
    assert page.status_code == 200
    found = [(m["key"], m["status"], m["href"] or "") for m in TASK.finditer(page.content.decode())]
    assert [key for key, _, _ in found] == order
    return {key: (status, href) for key, status, href in found}


def _statuses(tasks: dict[str, tuple[str, str]]) -> list[str]:
    return [tasks[key][0] for key in ORDER]


def test_redbridge_in_drafting(as_user: Any, demo: Inspection) -> None:
    lead = demo.members.get(role="lead").user
    tasks = _tasks(as_user(lead), "redbridge-2015-02")
    assert _statuses(tasks) == [
        "Completed",  # plan: a lead is on the team
        "Completed",  # announced
        "Completed",  # case list
        "Completed",  # sample
        "In progress",  # allocation: every case has its inspector, no interview is booked
        "Completed",  # all 33 assessments completed
        "Completed",  # reoffending figures quoted
        "Completed",  # findings from every assessment
        "Not yet started",  # drafting, no report yet
        "Cannot start yet",
        "Cannot start yet",
        "Cannot start yet",
    ]
    ref = "redbridge-2015-02"
    assert tasks["plan"][1] == f"/inspections/{ref}/team/"
    assert tasks["case_list"][1] == f"/inspections/{ref}/import/"
    assert tasks["sample"][1] == f"/inspections/{ref}/sample/"
    assert tasks["allocation"][1] == f"/inspections/{ref}/allocation/"
    assert tasks["assessment"][1] == f"/inspections/{ref}/#case-table"
    assert tasks["findings"][1] == f"/inspections/{ref}/findings/"
    assert tasks["report"][1] == f"/inspections/{ref}/report/"
    assert tasks["reoffending"][1] == f"/inspections/{ref}/reoffending/"


def test_thornbury_in_fieldwork(as_user: Any, demo: Inspection) -> None:
    thornbury = Inspection.objects.get(reference="thornbury-2015-03")
    inspector = thornbury.members.get(role="inspector").user
    tasks = _tasks(as_user(inspector), thornbury.reference)
    assert _statuses(tasks) == [
        "Completed",
        "Completed",
        "Completed",
        "Completed",
        "Completed",  # the demo's allocation and timetable
        "Not yet started",  # six cases, none assessed yet
        "Completed",
        "Cannot start yet",
        "Cannot start yet",
        "Cannot start yet",
        "Cannot start yet",
        "Cannot start yet",
    ]
    # An inspector may not open the lead's pages: those tasks are not links for them.
    assert tasks["plan"][1] == tasks["case_list"][1] == tasks["sample"][1] == ""
    assert tasks["findings"][1] == f"/inspections/{thornbury.reference}/findings/"


def test_a_new_plan_and_its_lead(
    as_user: Any, administrator: Any, yot: Any, lead_inspector: Any
) -> None:
    planned = Inspection.objects.create(
        yot=yot,
        reference="testshire-2026-03",
        framework_id="sqs",
        framework_version="2015.1",
        fieldwork_start=date(2026, 3, 16),
        fieldwork_end=date(2026, 3, 18),
    )
    client = as_user(administrator)
    tasks = _tasks(client, planned.reference)
    assert _statuses(tasks)[:6] == [
        "In progress",  # no lead yet
        "Not yet started",
        "Cannot start yet",  # the YOT sends its case list once told
        "Cannot start yet",
        "Cannot start yet",
        "Cannot start yet",
    ]
    assert tasks["announce"][1] == f"/inspections/{planned.reference}/announce/"
    assert allocation_status(planned) == "Cannot start yet"
    TeamMembership.objects.create(inspection=planned, user=lead_inspector, role="lead")
    assert _tasks(client, planned.reference)["plan"][0] == "Completed"


def test_the_yot_manager_sees_no_task_list(as_user: Any, demo: Inspection) -> None:
    manager = demo.yot.managers.get()
    page = as_user(manager).get(f"/inspections/{demo.reference}/")
    assert page.status_code == 200 and b"govuk-task-list" not in page.content


def test_the_statuses_take_two_queries(demo: Inspection, django_assert_num_queries: Any) -> None:
    # One for the inspection's counts, one for its allocation and timetable.
    with django_assert_num_queries(2):
        tasks = inspection_tasks(demo)
    assert [task.key for task in tasks] == ORDER


@pytest.mark.parametrize("report_status", ["quality_assurance", "factual_accuracy"])
def test_the_report_stages(demo: Inspection, report_status: str) -> None:
    from casescreen.reports.models import Report

    Report.objects.create(inspection=demo, status=report_status, content={"sections": []})
    statuses = {task.key: task.status for task in inspection_tasks(demo)}
    assert statuses["report"] == "Completed"
    assert statuses["factual_accuracy"] == (
        "Not yet started" if report_status == "quality_assurance" else "In progress"
    )
    assert statuses["publication"] == (
        "Cannot start yet" if report_status == "quality_assurance" else "Not yet started"
    )


def test_a_rated_framework_adds_the_ratings_of_the_judged_standards(
    demo: Any, as_user: Any
) -> None:
    from casescreen.accounts.models import User
    from casescreen.demo import youth_justice
    from casescreen.findings.models import StandardJudgement

    lead = User.objects.get(username="lead")
    rated = Inspection.objects.get(reference=youth_justice.REFERENCE)
    order = [*ORDER[: ORDER.index("findings") + 1], "ratings", *ORDER[ORDER.index("report") :]]
    client = as_user(lead)
    tasks = _tasks(client, rated.reference, order)
    assert tasks["ratings"] == ("Completed", f"/inspections/{rated.reference}/ratings/")
    StandardJudgement.objects.filter(inspection=rated, standard="4.1").delete()
    assert _tasks(client, rated.reference, order)["ratings"][0] == "In progress"
    StandardJudgement.objects.filter(inspection=rated).delete()
    assert _tasks(client, rated.reference, order)["ratings"][0] == "Not yet started"
    # A framework without ratings has no such task (the order above has none).
    assert "ratings" not in _tasks(client, demo.reference)
