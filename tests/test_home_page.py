"""The start page: each role is told, in its own terms, why it has no inspection to open."""

from __future__ import annotations

from typing import Any

import pytest

ON_NO_TEAM = "You are not on the team of any inspection yet."


@pytest.mark.parametrize(
    ("persona", "message"),
    [
        ("outsider", ON_NO_TEAM),
        ("administrator", "No inspection has been planned yet."),
        ("viewer", "No inspection report has been published yet."),
        ("yot_manager", "No inspection of your YOT has been announced."),
        (
            "yot_auditor",
            "Inspections are not shown to YOT auditors: you work on your YOT's self-assessments.",
        ),
    ],
)
def test_the_start_page_without_an_inspection_says_why_for_each_role(
    request: Any, as_user: Any, persona: str, message: str
) -> None:
    page = as_user(request.getfixturevalue(persona)).get("/").content.decode()
    assert message in page
    if persona != "outsider":
        assert ON_NO_TEAM not in page


def test_a_yot_manager_sees_an_announced_inspection_of_their_yot_and_the_self_assessments(
    as_user: Any, inspection: Any, self_assessment: Any, yot_manager: Any
) -> None:
    from casescreen.inspections.models import Inspection

    Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.PLANNED)
    page = as_user(yot_manager).get("/").content.decode()
    assert inspection.reference not in page  # still being planned: not yet for the YOT
    assert "No inspection of your YOT has been announced." in page
    assert "/self-assessments/" in page

    Inspection.objects.filter(pk=inspection.pk).update(status=Inspection.Status.ANNOUNCED)
    page = as_user(yot_manager).get("/").content.decode()
    assert f'href="/inspections/{inspection.reference}/"' in page
    assert self_assessment.reference not in page
    assert "No inspection of your YOT has been announced." not in page


@pytest.mark.parametrize(
    ("persona", "offered"),
    [
        ("administrator", True),
        ("viewer", True),
        ("lead_inspector", False),
        ("yot_manager", False),
        ("yot_auditor", False),
    ],
)
def test_the_start_page_leads_to_the_programme_those_who_may_read_it(
    request: Any, as_user: Any, persona: str, offered: bool
) -> None:
    from django.urls import reverse

    client = as_user(request.getfixturevalue(persona))
    page = client.get("/").content.decode()
    link = f'href="{reverse("programme:index")}"'
    assert (link in page) is offered
    assert client.get(reverse("programme:index")).status_code == (200 if offered else 403)
