"""The lead inspector of an inspection a YOT shared its self-assessment with finds it on
the inspection's page; nobody else is shown it there."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from casescreen.inspections.models import Inspection, TeamMembership

HEADING = "Self-assessments shared with this inspection"


def test_the_lead_of_the_inspection_shared_with_is_linked_to_its_findings(
    as_user: Any,
    inspection: Any,
    self_assessment: Any,
    lead_inspector: Any,
    inspector: Any,
    outsider: Any,
    viewer: Any,
    administrator: Any,
) -> None:
    self_assessment.shared_with = inspection
    self_assessment.save(update_fields=["shared_with"])
    # The inspector on this team leads another inspection of the same YOT.
    other = Inspection.objects.create(
        yot=inspection.yot,
        reference="testshire-2016-06",
        framework_id="sqs",
        framework_version="2015.1",
        status=Inspection.Status.FIELDWORK,
        fieldwork_start=date(2016, 6, 6),
        fieldwork_end=date(2016, 6, 8),
    )
    TeamMembership.objects.create(inspection=other, user=inspector, role="lead")
    findings = reverse("self_assessment_findings", args=[self_assessment.reference])
    page = reverse("inspection", args=[inspection.reference])

    lead = as_user(lead_inspector)
    shown = lead.get(page).content.decode()
    assert HEADING in shown
    assert f'href="{findings}">Self-assessment of Testshire YOT, started 11 January 2016' in shown
    assert lead.get(findings).status_code == 200

    for person, url in (
        (inspector, page),
        (inspector, reverse("inspection", args=[other.reference])),
        (administrator, page),
    ):
        response = as_user(person).get(url)
        assert response.status_code == 200, person
        assert (
            HEADING not in response.content.decode() and findings not in response.content.decode()
        )
    assert as_user(outsider).get(page).status_code == 404
    inspection.status = Inspection.Status.PUBLISHED
    inspection.save(update_fields=["status"])
    response = as_user(viewer).get(page)
    assert response.status_code == 200
    assert HEADING not in response.content.decode() and findings not in response.content.decode()
