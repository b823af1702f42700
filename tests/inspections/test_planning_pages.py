"""Planning an inspection on its pages: question pages, check answers, then the inspection;
and building its team under the team rule."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from casescreen.audit.models import AuditEvent
from casescreen.inspections.models import Inspection, TeamMembership


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _dates(announcement: date, start: date, end: date) -> dict[str, str]:
    data = {}
    for prefix, day in (("announcement", announcement), ("start", start), ("end", end)):
        data.update(
            {
                f"{prefix}_day": str(day.day),
                f"{prefix}_month": str(day.month),
                f"{prefix}_year": str(day.year),
            }
        )
    return data


def _plan(yot: Any, announcement: date, start: date, end: date) -> dict[str, str]:
    return {"yot": str(yot.pk), "framework": "sqs@2015.1", **_dates(announcement, start, end)}


# Fieldwork Monday 1 to Wednesday 3 June 2015, announced on Friday 15 May 2015.
GOOD = (date(2015, 5, 15), date(2015, 6, 1), date(2015, 6, 3))


def test_an_administrator_plans_an_inspection_through_check_answers(
    as_user: Any, administrator: Any, yot: Any
) -> None:
    client = as_user(administrator)
    first = client.get("/plan/")
    assert first.status_code == 200
    assert 'type="radio" value="sqs@2015.1"' in first.content.decode()
    assert client.post("/plan/", _plan(yot, *GOOD))["Location"] == "/plan/reference/"
    reference_page = client.get("/plan/reference/")
    assert 'value="testshire-2015-06"' in reference_page.content.decode()
    assert client.post("/plan/reference/", {"reference": "testshire-2015-06"})["Location"] == (
        "/plan/check/"
    )
    check = _text(client.get("/plan/check/"))
    for shown in (
        "Testshire YOT",
        "Short Quality Screening of youth offending work, version 2015.1",
        "Friday 15 May 2015",
        "Monday 1 June 2015",
        "Wednesday 3 June 2015",
        "testshire-2015-06",
    ):
        assert shown in check
    assert "govuk-warning-text" not in check
    assert not Inspection.objects.exists()

    created = client.post("/plan/check/")
    assert created["Location"] == "/inspections/testshire-2015-06/team/"
    inspection = Inspection.objects.get()
    assert (inspection.yot, inspection.framework_key, inspection.status) == (
        yot,
        "sqs@2015.1",
        Inspection.Status.PLANNED,
    )
    assert (
        inspection.announcement_planned,
        inspection.fieldwork_start,
        inspection.fieldwork_end,
    ) == GOOD
    assert inspection.announced_on is None
    assert AuditEvent.objects.filter(object_type="Inspection", action="create").count() == 1
    # The answers are gone: a new plan starts afresh.
    assert client.get("/plan/check/")["Location"] == "/plan/"


@pytest.mark.parametrize(
    ("dates", "warning"),
    [
        # Saturday 16 May 2015.
        (
            (date(2015, 5, 16), date(2015, 6, 1), date(2015, 6, 3)),
            "Saturday 16 May 2015, is at the weekend",
        ),
        # Christmas Day 2026 is a Friday.
        (
            (date(2026, 12, 25), date(2027, 1, 11), date(2027, 1, 13)),
            "Friday 25 December 2026, is a bank holiday in England and Wales (Christmas Day)",
        ),
        # Tuesday to Thursday.
        (
            (date(2015, 5, 15), date(2015, 6, 2), date(2015, 6, 4)),
            "Fieldwork usually runs from a Monday to the Wednesday after it",
        ),
    ],
)
def test_unusual_dates_are_warned_of_not_refused(
    as_user: Any, administrator: Any, yot: Any, dates: tuple[date, date, date], warning: str
) -> None:
    client = as_user(administrator)
    assert client.post("/plan/", _plan(yot, *dates)).status_code == 302
    reference = client.get("/plan/reference/")
    suggested = f"testshire-{dates[1]:%Y-%m}"
    assert f'value="{suggested}"' in reference.content.decode()
    client.post("/plan/reference/", {"reference": suggested})
    check = _text(client.get("/plan/check/"))
    assert "govuk-warning-text" in check and warning in check
    assert client.post("/plan/check/").status_code == 302
    assert Inspection.objects.get().fieldwork_start == dates[1]


@pytest.mark.parametrize(
    ("change", "message", "field"),
    [
        (
            _dates(date(2015, 5, 15), date(2015, 6, 3), date(2015, 6, 1)),
            "The date fieldwork ends must be the same as or after the day it starts",
            "end_day",
        ),
        (
            {"start_day": "31", "start_month": "6"},
            "The date fieldwork starts must be a real date",
            "start_day",
        ),
        (
            {"end_day": "", "end_month": "", "end_year": ""},
            "Enter the date fieldwork ends",
            "end_day",
        ),
        (
            {"announcement_month": ""},
            "The announcement date must include a month",
            "announcement_month",
        ),
        (
            {"announcement_year": "15"},
            "The year in the announcement date must have 4 digits",
            "announcement_year",
        ),
        (
            {"start_day": "one"},
            "The date fieldwork starts must be a real date, in numbers",
            "start_day",
        ),
        (
            {"start_day": "9999999999"},
            "The date fieldwork starts must be a real date",
            "start_day",
        ),
        (
            {"end_month": "006"},
            "The date fieldwork ends must be a real date",
            "end_month",
        ),
        (
            {"announcement_year": "2²15"},
            "The announcement date must be a real date, in numbers",
            "announcement_year",
        ),
        # A plan no announcement could ever be made for.
        (
            {"announcement_year": "0215"},
            "The year in the announcement date must be from 2000 to 2100",
            "announcement_year",
        ),
        (
            {"announcement_year": "0001", "start_year": "0001", "end_year": "0001"},
            "The year in the date fieldwork starts must be from 2000 to 2100",
            "start_year",
        ),
        (
            {"end_year": "2101"},
            "The year in the date fieldwork ends must be from 2000 to 2100",
            "end_year",
        ),
        (
            {"announcement_day": "1", "announcement_month": "6"},
            "The announcement date must be before fieldwork starts",
            "announcement_day",
        ),
        ({"framework": "sqs@1999.1"}, "Choose one of the published question sets", "framework"),
        ({"framework": ""}, "Choose the question set", "framework"),
        ({"yot": ""}, "Choose the YOT to inspect", "yot"),
    ],
)
def test_impossible_plans_are_refused_naming_the_field(
    as_user: Any, administrator: Any, yot: Any, change: dict[str, str], message: str, field: str
) -> None:
    client = as_user(administrator)
    response = client.post("/plan/", _plan(yot, *GOOD) | change)
    assert response.status_code == 400
    text = _text(response)
    assert "There is a problem" in text and message in text
    assert f'href="#{field}"' in text and f'id="{field}"' in text
    assert "inspection_plan" not in client.session
    assert client.get("/plan/check/")["Location"] == "/plan/"
    assert not Inspection.objects.exists()


def test_a_published_uploaded_question_set_can_be_planned_with(
    as_user: Any, administrator: Any, yot: Any
) -> None:
    from tests.authoring.test_authoring import NEW_KEY, _new_version, _upload, _yaml_file

    client = as_user(administrator)
    _upload(client, _yaml_file(_new_version()))
    assert client.post(reverse("authoring:publish", args=[NEW_KEY])).status_code == 302

    page = client.get("/plan/")
    assert page.status_code == 200
    assert f'type="radio" value="{NEW_KEY}"' in page.content.decode()
    plan = _plan(yot, *GOOD) | {"framework": NEW_KEY}
    assert client.post("/plan/", plan)["Location"] == "/plan/reference/"
    client.post("/plan/reference/", {"reference": "testshire-2015-06"})
    assert client.get("/plan/check/").status_code == 200
    assert client.post("/plan/check/").status_code == 302
    assert Inspection.objects.get().framework_key == NEW_KEY


def test_a_reference_already_used_is_refused(
    as_user: Any, administrator: Any, yot: Any, inspection: Any
) -> None:
    client = as_user(administrator)
    client.post("/plan/", _plan(yot, *GOOD))
    # testshire-2015-06 is taken by the inspection fixture: the next free one is suggested.
    assert 'value="testshire-2015-06-2"' in client.get("/plan/reference/").content.decode()
    for reference, message in (
        (
            inspection.reference,
            "The reference testshire-2015-06 is already used by another inspection",
        ),
        ("Testshire June", "lower-case letters and numbers joined by hyphens"),
        ("", "Enter a reference for the inspection"),
    ):
        response = client.post("/plan/reference/", {"reference": reference})
        assert response.status_code == 400 and message in _text(response)
        assert 'href="#reference"' in response.content.decode()
    assert client.get("/plan/check/")["Location"] == "/plan/reference/"
    assert Inspection.objects.count() == 1


def test_a_reference_taken_meanwhile_is_refused_on_check_answers(
    as_user: Any, administrator: Any, yot: Any, other_yot: Any
) -> None:
    client = as_user(administrator)
    client.post("/plan/", _plan(yot, *GOOD))
    client.post("/plan/reference/", {"reference": "testshire-2015-06"})
    Inspection.objects.create(
        yot=other_yot,
        reference="testshire-2015-06",
        framework_id="sqs",
        framework_version="2015.1",
        fieldwork_start=GOOD[1],
        fieldwork_end=GOOD[2],
    )
    response = client.post("/plan/check/")
    assert response.status_code == 400
    assert "The reference testshire-2015-06 is already used by another inspection" in _text(
        response
    )
    assert Inspection.objects.get().yot == other_yot


# The team page.


def _planned(yot: Any) -> Inspection:
    return Inspection.objects.create(
        yot=yot,
        reference="testshire-2015-06",
        framework_id="sqs",
        framework_version="2015.1",
        fieldwork_start=GOOD[1],
        fieldwork_end=GOOD[2],
    )


def test_an_administrator_builds_the_team_and_the_lead_changes_it(
    as_user: Any, administrator: Any, yot: Any, lead_inspector: Any, inspector: Any, outsider: Any
) -> None:
    inspection = _planned(yot)
    admin = as_user(administrator)
    url = f"/inspections/{inspection.reference}/team/"
    assert (
        admin.post(url, {"action": "add", "member": lead_inspector.pk, "role": "lead"}).status_code
        == 302
    )
    lead = as_user(lead_inspector)
    assert (
        lead.post(url, {"action": "add", "member": inspector.pk, "role": "inspector"}).status_code
        == 302
    )
    second_lead = lead.post(url, {"action": "add", "member": outsider.pk, "role": "lead"})
    assert second_lead.status_code == 400
    assert "This inspection already has a lead inspector" in _text(second_lead)
    members = dict(inspection.members.values_list("user__username", "role"))
    assert members == {"lead-inspector": "lead", "inspector": "inspector"}
    page = _text(lead.get(url))
    assert "Ian Inspector" in page and "Lead inspector" in page

    membership = inspection.members.get(user=inspector)
    assert lead.post(url, {"action": "remove", "membership": membership.pk}).status_code == 302
    assert not inspection.members.filter(user=inspector).exists()
    gone = lead.post(url, {"action": "remove", "membership": membership.pk})
    assert gone.status_code == 400 and "no longer on the team" in _text(gone)
    assert list(
        AuditEvent.objects.filter(object_type="TeamMembership")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["create", "create", "delete"]
    # An inspector on the team may not change it.
    TeamMembership.objects.create(inspection=inspection, user=outsider, role="inspector")
    assert as_user(outsider).get(url).status_code == 403


def test_a_lead_who_leaves_the_team_is_taken_to_a_page_they_can_open(
    as_user: Any, administrator: Any, yot: Any, lead_inspector: Any, inspector: Any
) -> None:
    inspection = _planned(yot)
    TeamMembership.objects.create(inspection=inspection, user=lead_inspector, role="lead")
    TeamMembership.objects.create(inspection=inspection, user=inspector, role="inspector")
    url = f"/inspections/{inspection.reference}/team/"
    lead = as_user(lead_inspector)
    membership = inspection.members.get(user=lead_inspector)
    left = lead.post(url, {"action": "remove", "membership": membership.pk}, follow=True)
    assert left.status_code == 200
    assert left.redirect_chain == [("/", 302)]
    assert "lead-inspector is off the team." in _text(left)
    assert not inspection.members.filter(user=lead_inspector).exists()
    # An administrator who leaves a team still manages it from its page.
    TeamMembership.objects.create(inspection=inspection, user=administrator, role="lead")
    own = inspection.members.get(user=administrator)
    admin = as_user(administrator)
    stays = admin.post(url, {"action": "remove", "membership": own.pk})
    assert stays.status_code == 302 and stays["Location"] == url


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("viewer", "viewer is a read-only viewer and cannot be on an inspection team"),
        (
            "yot_manager",
            "yot-manager belongs to the inspected YOT and cannot be on its inspection team",
        ),
        (
            "other_yot_manager",
            "other-yot-manager is a YOT manager and cannot be on an inspection team",
        ),
    ],
)
def test_the_team_rule_refuses_with_a_clear_message_and_writes_nothing(
    request: pytest.FixtureRequest,
    as_user: Any,
    administrator: Any,
    yot: Any,
    who: str,
    message: str,
) -> None:
    person = request.getfixturevalue(who)
    inspection = _planned(yot)
    response = as_user(administrator).post(
        f"/inspections/{inspection.reference}/team/",
        {"action": "add", "member": person.pk, "role": "inspector"},
    )
    assert response.status_code == 400
    text = _text(response)
    assert "There is a problem" in text and message[0].upper() + message[1:] in text
    assert 'href="#member"' in text
    assert not inspection.members.exists()
    assert not AuditEvent.objects.filter(object_type="TeamMembership").exists()


@pytest.mark.parametrize("status", [Inspection.Status.PUBLISHED, Inspection.Status.CLOSED])
def test_a_published_inspections_team_can_no_longer_grow(
    as_user: Any, inspection: Any, lead_inspector: Any, outsider: Any, status: str
) -> None:
    inspection.status = status
    inspection.save(update_fields=["status"])
    before = set(inspection.members.values_list("user__username", flat=True))

    response = as_user(lead_inspector).post(
        f"/inspections/{inspection.reference}/team/",
        {"action": "add", "member": outsider.pk, "role": "inspector"},
    )

    assert response.status_code == 400
    text = _text(response)
    assert "The report is published: its team is part of the record." in text
    # The page has no form to add with any more: the message points at the team.
    assert 'href="#team"' in text and 'id="member"' not in text
    assert set(inspection.members.values_list("user__username", flat=True)) == before
    assert not AuditEvent.objects.filter(object_type="TeamMembership").exists()


def test_the_team_form_asks_for_a_person_and_a_role(
    as_user: Any, administrator: Any, yot: Any
) -> None:
    inspection = _planned(yot)
    response = as_user(administrator).post(
        f"/inspections/{inspection.reference}/team/", {"action": "add"}
    )
    assert response.status_code == 400
    text = _text(response)
    assert "Choose the person to add to the team" in text
    assert "Choose the person's role on this inspection" in text and 'href="#role"' in text


def test_administrators_reach_planning_from_the_home_page(
    as_user: Any, administrator: Any, lead_inspector: Any
) -> None:
    home = as_user(administrator).get("/").content.decode()
    assert 'href="/plan/"' in home and 'href="/yots/"' in home
    assert 'href="/plan/"' not in as_user(lead_inspector).get("/").content.decode()
