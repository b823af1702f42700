"""The double assessment pages are reached from the inspection's page."""

from __future__ import annotations

from typing import Any

from casescreen.inspections.models import TeamMembership
from casescreen.moderation.services import double_assessment_choose


def test_the_lead_reaches_the_double_assessment_page_from_the_inspection(
    inspection: Any, lead_inspector: Any, inspector: Any, as_user: Any
) -> None:
    ref = inspection.reference
    lead_page = as_user(lead_inspector).get(f"/inspections/{ref}/").content.decode()
    assert f'href="/inspections/{ref}/double-assessment/">Blind double assessment</a>' in lead_page
    inspector_page = as_user(inspector).get(f"/inspections/{ref}/").content.decode()
    assert "/double-assessment/" not in inspector_page


def test_a_second_assessor_reaches_their_second_assessments_from_the_inspection(
    first_done: Any, lead_inspector: Any, inspector: Any, make_user: Any, as_user: Any
) -> None:
    inspection = first_done.inspection
    second = make_user("second")
    TeamMembership.objects.create(inspection=inspection, user=second, role="inspector")
    double_assessment_choose(
        user=lead_inspector, inspection=inspection, cases=[first_done], second_inspector=second
    )
    url = f"/inspections/{inspection.reference}/cases/{first_done.reference}/second-assessment/"

    page = as_user(second).get(f"/inspections/{inspection.reference}/").content.decode()
    assert f'href="{url}">Second assessment of case {first_done.reference}</a>' in page
    assert as_user(second).get(url).status_code == 200
    # Nobody else is offered it.
    for other in (inspector, lead_inspector):
        page = as_user(other).get(f"/inspections/{inspection.reference}/").content.decode()
        assert "/second-assessment/" not in page
