"""The report drives the inspection from drafting to publication, and published reports are public."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from casescreen.inspections.models import Inspection
from casescreen.reports.models import Report

REF = "redbridge-2015-02"


def _post(client: Any, name: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(reverse(name, args=[REF]), data or {})


def test_moving_the_report_moves_the_inspection_and_records_it(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    client = as_user(demo_lead)
    inspection = demo_report.inspection
    assert inspection.status == Inspection.Status.DRAFTING
    _post(client, "report_transition", {"to": "quality_assurance"})
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.QUALITY_ASSURANCE
    _post(client, "report_transition", {"to": "factual_accuracy"})
    _post(client, "report_publish")
    inspection.refresh_from_db()
    demo_report.refresh_from_db()
    assert demo_report.status == Report.Status.PUBLISHED
    assert inspection.status == Inspection.Status.PUBLISHED
    assert inspection.published_on is not None
    assert list(inspection.transitions.values_list("to_status", flat=True)) == [
        "quality_assurance",
        "factual_accuracy",
        "published",
    ]


def test_an_inspection_cannot_be_published_before_its_report(
    demo: Inspection, demo_lead: Any, as_user: Any
) -> None:
    client = as_user(demo_lead)
    for status in ("quality_assurance", "factual_accuracy", "published"):
        response = _post(client, "inspection_transition", {"to_status": status})
        assert response.status_code == 400
        assert b"moves with its report" in response.content
    demo.refresh_from_db()
    assert demo.status == Inspection.Status.DRAFTING
    assert demo.published_on is None


def test_a_viewer_reads_the_published_report_but_never_a_draft(
    demo_report: Report, demo_lead: Any, viewer: Any, as_user: Any
) -> None:
    reader = as_user(viewer)
    assert reader.get(reverse("report", args=[REF])).status_code == 404
    lead = as_user(demo_lead)
    _post(lead, "report_transition", {"to": "quality_assurance"})
    _post(lead, "report_transition", {"to": "factual_accuracy"})
    assert reader.get(reverse("report", args=[REF])).status_code == 404
    _post(lead, "report_publish")
    page = reader.get(reverse("report", args=[REF]))
    assert page.status_code == 200
    assert b"We examined 33 cases" in page.content
    # The case-level pages stay closed to viewers.
    case_ref = demo_report.inspection.cases.values_list("reference", flat=True)[0]
    assert reader.get(reverse("case", args=[REF, case_ref])).status_code == 404


def test_the_inspection_page_offers_each_role_only_the_pages_it_may_open(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    from casescreen.accounts.models import User

    lead_page = as_user(demo_lead).get(reverse("inspection", args=[REF])).content.decode()
    for name in ("findings", "case_import", "sample", "report", "inspection_lifecycle"):
        assert f'href="{reverse(name, args=[REF])}"' in lead_page, name
    inspector = User.objects.get(username="inspector")
    page = as_user(inspector).get(reverse("inspection", args=[REF])).content.decode()
    assert f'href="{reverse("findings", args=[REF])}"' in page
    assert f'href="{reverse("sample", args=[REF])}"' not in page
    # The status page is open to everyone who sees the inspection (the task list links it).
    assert f'href="{reverse("case_import", args=[REF])}"' not in page
    manager = User.objects.get(username="yotmanager")
    page = as_user(manager).get(reverse("inspection", args=[REF])).content.decode()
    assert f'href="{reverse("findings", args=[REF])}"' not in page
    assert f'href="{reverse("report", args=[REF])}"' not in page


def test_comments_and_reasons_are_for_the_team_and_the_yot_not_for_readers(
    demo_report: Report, demo_lead: Any, viewer: Any, as_user: Any
) -> None:
    from casescreen.accounts.models import User

    lead = as_user(demo_lead)
    _post(lead, "report_transition", {"to": "quality_assurance"})
    _post(lead, "report_transition", {"to": "factual_accuracy"})
    manager_user = User.objects.get(username="yotmanager")
    manager = as_user(manager_user)
    comment = "Paragraph about Kelly Marker-Child is wrong"
    assert (
        _post(manager, "report_comment", {"paragraph_key": "1.1", "text": comment}).status_code
        == 302
    )
    demo_report.inspection.transitions.update(reason="Reason naming Kelly Marker-Child")
    from casescreen.reports.selectors import report_problems
    from casescreen.reports.services import report_override

    demo_report.refresh_from_db()
    for problem in report_problems(demo_report):
        report_override(report=demo_report, problem_key=problem.key, reason="Ok", user=demo_lead)
    _post(lead, "report_publish")
    demo_report.refresh_from_db()
    assert demo_report.status == Report.Status.PUBLISHED

    for reader, sees in ((as_user(viewer), False), (manager, True), (lead, True)):
        page = reader.get(reverse("report", args=[REF])).content.decode()
        assert ("Kelly Marker-Child" in page) is sees
        assert (manager_user.username in page) is sees
    for reader, sees in ((as_user(viewer), False), (manager, False), (lead, True)):
        page = reader.get(reverse("inspection_lifecycle", args=[REF]))
        assert page.status_code == 200
        assert ("Kelly Marker-Child" in page.content.decode()) is sees
