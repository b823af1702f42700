"""Only the team sees an inspection's cases; everybody else gets 404."""

from __future__ import annotations

from typing import Any

import pytest


def test_team_members_see_the_inspection_and_its_cases(
    as_user: Any, inspection: Any, case: Any, lead_inspector: Any, inspector: Any
) -> None:
    for user in (lead_inspector, inspector):
        client = as_user(user)
        page = client.get(f"/inspections/{inspection.reference}/")
        assert page.status_code == 200
        assert case.reference.encode() in page.content
        assert (
            client.get(f"/inspections/{inspection.reference}/cases/{case.reference}/").status_code
            == 200
        )


def test_an_outsider_gets_404_for_the_inspection_and_every_case(
    as_user: Any, demo: Any, outsider: Any
) -> None:
    client = as_user(outsider)
    assert client.get(f"/inspections/{demo.reference}/").status_code == 404
    for reference in demo.cases.values_list("reference", flat=True):
        response = client.get(f"/inspections/{demo.reference}/cases/{reference}/")
        assert response.status_code == 404, reference
    assert demo.reference.encode() not in client.get("/").content


def test_a_yot_manager_sees_their_inspection_but_no_case(
    as_user: Any, inspection: Any, case: Any, yot_manager: Any
) -> None:
    client = as_user(yot_manager)
    page = client.get(f"/inspections/{inspection.reference}/")
    assert page.status_code == 200
    assert case.reference.encode() not in page.content
    assert (
        client.get(f"/inspections/{inspection.reference}/cases/{case.reference}/").status_code
        == 404
    )


def test_another_yots_manager_gets_404(
    as_user: Any, inspection: Any, case: Any, other_yot_manager: Any
) -> None:
    client = as_user(other_yot_manager)
    assert client.get(f"/inspections/{inspection.reference}/").status_code == 404


@pytest.mark.parametrize("case_ref", ["TS1001", "NOPE"])
def test_a_case_of_another_inspection_is_not_reachable_through_this_one(
    as_user: Any,
    inspection: Any,
    case: Any,
    make_case: Any,
    demo: Any,
    lead_inspector: Any,
    case_ref: str,
) -> None:
    # The lead of the test inspection is not on the demo team.
    client = as_user(lead_inspector)
    assert client.get(f"/inspections/{demo.reference}/cases/{case_ref}/").status_code == 404


def test_viewing_a_case_is_logged(as_user: Any, inspection: Any, case: Any, inspector: Any) -> None:
    from casescreen.audit.models import AuditEvent

    as_user(inspector).get(f"/inspections/{inspection.reference}/cases/{case.reference}/")
    event = AuditEvent.objects.get(action="view", case=case)
    assert event.actor == inspector.username


def test_the_answer_save_finds_a_case_for_exactly_those_the_case_pages_do(
    as_user: Any,
    inspection: Any,
    case: Any,
    lead_inspector: Any,
    inspector: Any,
    yot_manager: Any,
    other_yot_manager: Any,
    viewer: Any,
    administrator: Any,
    outsider: Any,
) -> None:
    """The save and the case pages go through the one checkpoint, ``get_case_for_user``.
    Everybody but the outsider is put on the team, so the role rule decides."""
    from casescreen.assessments.models import Answer
    from casescreen.inspections.models import Inspection, TeamMembership

    people = [lead_inspector, inspector, yot_manager, other_yot_manager, viewer, administrator]
    for person in people[2:]:
        TeamMembership.objects.create(inspection=inspection, user=person, role="inspector")
    page = f"/inspections/{inspection.reference}/cases/{case.reference}/"
    seen = set()
    for status in Inspection.Status.values:
        Inspection.objects.filter(pk=inspection.pk).update(status=status)
        for user in [*people, outsider]:
            client = as_user(user)
            by_page = client.get(page).status_code != 404
            # An unknown question: refused with 400 once the case is found, 404 before.
            save = client.post(page + "answers/", {"question_id": "no_such_question"})
            assert (save.status_code != 404) == by_page, (status, str(user))
            seen.add(by_page)
    assert seen == {True, False}
    assert not Answer.objects.exists()
