"""The inspection lifecycle through its pages: allowed moves, by the right people, recorded."""

from __future__ import annotations

import html
import subprocess
import tempfile
from datetime import date
from typing import Any

import pytest

from casescreen.frameworks import get_framework
from casescreen.inspections.lifecycle import announcement_due
from casescreen.reports.models import Report
from casescreen.reports.selectors import report_problems
from casescreen.reports.services import report_override


@pytest.fixture
def planned(inspection: Any) -> Any:
    # Fieldwork Monday 1 June 2015: the announcement is due Friday 15 May 2015.
    inspection.status = "planned"
    inspection.save()
    return inspection


@pytest.mark.parametrize(
    ("fieldwork_start", "due"),
    [
        (date(2015, 2, 2), date(2015, 1, 16)),  # Redbridge
        (date(2015, 3, 16), date(2015, 2, 27)),  # Thornbury
        (date(2015, 6, 1), date(2015, 5, 15)),
        (date(2015, 6, 3), date(2015, 5, 15)),  # a Wednesday start: same Friday
        (date(2015, 6, 5), date(2015, 5, 22)),  # a Friday start: exactly two weeks
    ],
)
def test_the_announcement_is_due_the_friday_two_weeks_before_fieldwork(
    fieldwork_start: date, due: date
) -> None:
    schedule = get_framework("sqs", "2015.1").schedule
    assert announcement_due(fieldwork_start, schedule) == due
    assert due.weekday() == 4


@pytest.mark.parametrize(
    ("fieldwork_start", "due"),
    [
        (date(2021, 11, 15), date(2021, 10, 1)),  # a Monday start: the Friday six weeks before
        (date(2021, 11, 12), date(2021, 10, 1)),  # a Friday start: exactly six weeks
        (date(2021, 11, 11), date(2021, 9, 24)),  # a Thursday start: the Friday before that
    ],
)
def test_the_announcement_follows_the_frameworks_notice_period(
    fieldwork_start: date, due: date
) -> None:
    schedule = get_framework("youth-justice", "2021.1").schedule
    assert (schedule.announce_weeks_before, schedule.announce_weekday) == (6, 4)
    assert announcement_due(fieldwork_start, schedule) == due


def _announce(client: Any, reference: str, day: date, reason: str = "") -> Any:
    return client.post(
        f"/inspections/{reference}/announce/",
        {"day": day.day, "month": day.month, "year": day.year, "reason": reason},
    )


def test_announcing_on_the_due_friday_records_it_and_produces_the_letter(
    as_user: Any, planned: Any, lead_inspector: Any
) -> None:
    from casescreen.audit.models import AuditEvent

    planned.yot.manager_name = "Ruth Holmes"
    planned.yot.save()
    planned.yot.copy_list.create(role_title="Director of Children's Services", name="Pat Reynolds")
    client = as_user(lead_inspector)
    response = _announce(client, planned.reference, date(2015, 5, 15))
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.status == "announced"
    assert planned.announced_on == date(2015, 5, 15)
    step = planned.transitions.get()
    assert (step.from_status, step.to_status, step.by, step.reason) == (
        "planned",
        "announced",
        lead_inspector,
        "",
    )
    assert AuditEvent.objects.filter(
        action="transition", inspection=planned, old_value="planned", new_value="announced"
    ).exists()
    letter = client.get(f"/inspections/{planned.reference}/announcement-letter/")
    text = letter.content.decode()
    assert "Ruth Holmes" in text
    assert "Monday 1st June 2015" in text and "Wednesday 3rd June 2015" in text
    assert "list of all statutory cases" in text
    assert "Pat Reynolds" in text


def test_the_letter_pdf_has_the_fieldwork_dates(
    as_user: Any, planned: Any, lead_inspector: Any, yot_manager: Any
) -> None:
    _announce(as_user(lead_inspector), planned.reference, date(2015, 5, 15))
    response = as_user(yot_manager).get(f"/inspections/{planned.reference}/announcement-letter.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(response.content)
        pdf.flush()
        text = subprocess.run(
            ["pdftotext", pdf.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    assert "Monday 1st June 2015" in text
    assert "list of all statutory cases" in text


def test_announcing_on_another_day_warns_and_needs_a_reason(
    as_user: Any, planned: Any, lead_inspector: Any
) -> None:
    client = as_user(lead_inspector)
    refused = _announce(client, planned.reference, date(2015, 5, 20))
    assert refused.status_code == 400
    assert b"due on Friday 15 May 2015" in refused.content
    planned.refresh_from_db()
    assert planned.status == "planned" and planned.announced_on is None
    assert not planned.transitions.exists()

    accepted = _announce(client, planned.reference, date(2015, 5, 20), "Bank holiday week")
    assert accepted.status_code == 302
    planned.refresh_from_db()
    assert planned.status == "announced"
    assert planned.transitions.get().reason == "Bank holiday week"


@pytest.mark.parametrize(
    "fields",
    [
        {"day": "31", "month": "2", "year": "2015"},
        {"day": "x", "month": "5", "year": "2015"},
        {"day": "15", "month": "5"},
        {"day": "15", "month": "7", "year": "2015", "reason": "after fieldwork"},
        {"day": "9999999999", "month": "5", "year": "2015"},
        {"day": "15", "month": "5", "year": "0215"},
    ],
)
def test_a_bad_announcement_date_is_refused_and_nothing_changes(
    as_user: Any, planned: Any, lead_inspector: Any, fields: dict[str, str]
) -> None:
    response = as_user(lead_inspector).post(f"/inspections/{planned.reference}/announce/", fields)
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    planned.refresh_from_db()
    assert planned.status == "planned"
    assert not planned.transitions.exists()


@pytest.mark.parametrize(
    ("fields", "message", "box"),
    [
        ({"day": "9999999999", "month": "5"}, "The announcement date must be a real date", "day"),
        ({"year": "1999"}, "The year in the announcement date must be from 2000 to 2100", "year"),
        ({"year": "15"}, "The year in the announcement date must have 4 digits", "year"),
        ({"month": ""}, "The announcement date must include a month", "month"),
        ({"day": "x"}, "The announcement date must be a real date, in numbers", "day"),
    ],
)
def test_the_announcement_date_is_read_by_the_same_rule_as_the_plans(
    as_user: Any,
    planned: Any,
    lead_inspector: Any,
    fields: dict[str, str],
    message: str,
    box: str,
) -> None:
    posted = {"day": "15", "month": "5", "year": "2015"} | fields
    response = as_user(lead_inspector).post(f"/inspections/{planned.reference}/announce/", posted)
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert message in text and f'href="#{box}"' in text
    planned.refresh_from_db()
    assert planned.status == "planned" and not planned.transitions.exists()


def test_a_reason_too_long_is_refused_naming_the_reason(
    as_user: Any, planned: Any, lead_inspector: Any
) -> None:
    response = _announce(as_user(lead_inspector), planned.reference, date(2015, 5, 14), "x" * 2001)
    assert response.status_code == 400
    assert response.context["errors"] == [
        {"href": "#reason", "message": "The reason must be 2000 characters or fewer"}
    ]
    planned.refresh_from_db()
    assert planned.status == "planned" and not planned.transitions.exists()


@pytest.mark.parametrize("day", [date(2015, 6, 1), date(2015, 6, 2)])
def test_an_announcement_on_or_after_the_first_day_of_fieldwork_is_refused_on_the_date(
    as_user: Any, planned: Any, lead_inspector: Any, day: date
) -> None:
    response = _announce(as_user(lead_inspector), planned.reference, day, "Short notice")

    assert response.status_code == 400
    text = response.content.decode()
    assert "The announcement date must be before fieldwork starts." in text
    # GOV.UK's date input: the summary links to its first box, its fieldset shows the error.
    assert 'href="#day"' in text and 'href="#reason"' not in text
    assert 'role="group" aria-describedby="announced-hint announced-error"' in text
    assert 'id="announced-error"' in text and "govuk-textarea--error" not in text
    planned.refresh_from_db()
    assert (planned.status, planned.announced_on) == ("planned", None)
    assert not planned.transitions.exists()


def test_the_lead_walks_the_inspection_through_every_status(
    as_user: Any, planned: Any, lead_inspector: Any
) -> None:
    client = as_user(lead_inspector)
    reference = planned.reference
    _announce(client, reference, date(2015, 5, 15))
    for status in ("fieldwork", "drafting"):
        response = client.post(f"/inspections/{reference}/transition/", {"to_status": status})
        assert response.status_code == 302, status
    # From drafting to publication the inspection moves with its report, on the report's
    # pages; on its own it is refused.
    refused = client.post(f"/inspections/{reference}/transition/", {"to_status": "published"})
    assert refused.status_code == 400
    assert client.post(f"/inspections/{reference}/report/create/").status_code == 302
    for stage in ("quality_assurance", "factual_accuracy"):
        client.post(f"/inspections/{reference}/report/status/", {"to": stage})
        planned.refresh_from_db()
        assert planned.status == stage
    # With no cases every paragraph is a problem: the lead records why it may stand.
    report = Report.objects.get(inspection=planned)
    for problem in report_problems(report):
        report_override(report=report, problem_key=problem.key, reason="None", user=lead_inspector)
    client.post(f"/inspections/{reference}/report/publish/")
    planned.refresh_from_db()
    assert planned.status == "published"
    response = client.post(f"/inspections/{reference}/transition/", {"to_status": "closed"})
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.status == "closed"
    assert planned.published_on is not None
    assert list(planned.transitions.values_list("to_status", flat=True)) == [
        "announced",
        "fieldwork",
        "drafting",
        "quality_assurance",
        "factual_accuracy",
        "published",
        "closed",
    ]


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("fieldwork", "published"),
        ("fieldwork", "planned"),
        ("planned", "fieldwork"),
        ("closed", "published"),
        ("published", "drafting"),
        ("fieldwork", "announced"),
        ("fieldwork", "no-such-status"),
    ],
)
def test_a_move_the_rules_do_not_allow_is_refused(
    as_user: Any, inspection: Any, lead_inspector: Any, start: str, target: str
) -> None:
    inspection.status = start
    inspection.save()
    response = as_user(lead_inspector).post(
        f"/inspections/{inspection.reference}/transition/", {"to_status": target}
    )
    assert response.status_code == 400
    inspection.refresh_from_db()
    assert inspection.status == start
    assert not inspection.transitions.exists()


def test_quality_assurance_can_send_the_draft_back(
    as_user: Any, inspection: Any, lead_inspector: Any
) -> None:
    from casescreen.reports.services import report_create, report_transition

    inspection.status = "drafting"
    inspection.save()
    report = report_create(inspection=inspection, user=lead_inspector)
    report_transition(report=report, to="quality_assurance", user=lead_inspector)
    response = as_user(lead_inspector).post(
        f"/inspections/{inspection.reference}/report/status/", {"to": "draft"}
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    report.refresh_from_db()
    assert (inspection.status, report.status) == ("drafting", "draft")
    assert inspection.transitions.last().actor == lead_inspector.username


@pytest.mark.parametrize(
    ("persona", "status"),
    [("inspector", 403), ("yot_manager", 403), ("outsider", 404), ("other_yot_manager", 404)],
)
def test_only_the_lead_or_an_administrator_moves_the_inspection(
    request: Any, as_user: Any, inspection: Any, persona: str, status: int
) -> None:
    user = request.getfixturevalue(persona)
    client = as_user(user)
    response = client.post(
        f"/inspections/{inspection.reference}/transition/", {"to_status": "drafting"}
    )
    assert response.status_code == status
    inspection.refresh_from_db()
    assert inspection.status == "fieldwork"
    assert not inspection.transitions.exists()


def test_a_yot_manager_does_not_see_a_planned_inspection(
    as_user: Any, planned: Any, yot_manager: Any
) -> None:
    client = as_user(yot_manager)
    assert client.get(f"/inspections/{planned.reference}/").status_code == 404
    assert planned.reference.encode() not in client.get("/").content


def test_the_status_page_shows_the_history_and_the_next_step(
    as_user: Any, planned: Any, lead_inspector: Any, inspector: Any
) -> None:
    lead_page = as_user(lead_inspector).get(f"/inspections/{planned.reference}/lifecycle/")
    assert b"Announce the inspection" in lead_page.content
    assert b"Friday 15 May 2015" in lead_page.content
    member_page = as_user(inspector).get(f"/inspections/{planned.reference}/lifecycle/")
    assert member_page.status_code == 200
    assert b"Announce the inspection" not in member_page.content


def test_an_inspection_is_announced_on_its_frameworks_notice_day(
    as_user: Any, planned: Any, lead_inspector: Any
) -> None:
    planned.framework_id, planned.framework_version = "youth-justice", "2021.1"
    planned.save()
    client = as_user(lead_inspector)
    page = client.get(f"/inspections/{planned.reference}/announce/").content.decode()
    # Fieldwork Monday 1 June 2015: six weeks before is Monday 20 April, so Friday 17 April.
    assert "the Friday six weeks before fieldwork" in page
    assert "Friday 17 April 2015" in page
    refused = _announce(client, planned.reference, date(2015, 5, 15))
    assert refused.status_code == 400
    assert "due on Friday 17 April 2015, six weeks before fieldwork" in refused.content.decode()
    assert _announce(client, planned.reference, date(2015, 4, 17)).status_code == 302
