"""A YOT audits its own cases, in headless Chromium: its manager starts a self-assessment,
imports the case list, draws the sample, puts an auditor on it and allocates the cases;
the auditor assesses a case on the inspectors' pages; the manager reads the findings, the
internal report and the trend beside the YOT's audit of six months ago, and adds an
action. An inspector the self-assessment was not shared with then gets 404
on every one of its pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD
from tests.selfassessment.helpers import audit

pytestmark = pytest.mark.browser

TIMEOUT_MS = 60_000
CASES = [f"KS{n:04d}" for n in range(1, 5)]


@pytest.fixture
def people(transactional_db: Any) -> dict[str, Any]:
    from casescreen.accounts.models import User
    from casescreen.inspections.models import Inspection, TeamMembership, Yot

    yot = Yot.objects.create(
        name="Kingsbridge YOT", local_authority="Kingsbridge Council", nation="england"
    )
    manager = User.objects.create_user(
        "dana",
        password=PASSWORD,
        first_name="Dana",
        last_name="Wells",
        role="yot_manager",
        yot=yot,
    )
    auditor = User.objects.create_user(
        "amir",
        password=PASSWORD,
        first_name="Amir",
        last_name="Audit",
        role="yot_auditor",
        yot=yot,
    )
    lead = User.objects.create_user("lena", password=PASSWORD, first_name="Lena")
    # An inspection of the same YOT, under way, that the audit is not shared with.
    inspection = Inspection.objects.create(
        yot=yot,
        reference="kingsbridge-2025-03",
        framework_id="sqs",
        framework_version="2015.1",
        status=Inspection.Status.FIELDWORK,
        fieldwork_start=date(2025, 3, 3),
        fieldwork_end=date(2025, 3, 5),
    )
    TeamMembership.objects.create(inspection=inspection, user=lead, role="lead")
    # The YOT's audit of six months ago, finished: 3 of its 5 cases met 1.1.
    earlier = audit(
        _make_case,
        yot,
        timezone.localdate() - timedelta(days=182),
        3,
        5,
        status=Inspection.Status.CLOSED,
        reference="kingsbridge-own-audit-earlier",
    )
    TeamMembership.objects.create(inspection=earlier, user=manager, role="lead")
    return {"manager": manager, "auditor": auditor, "lead": lead}


def _make_case(inspection: Any, reference: str) -> Any:
    from casescreen.assessments.models import Assessment
    from casescreen.cases.models import Case, CaseIdentity

    case = Case.objects.create(
        inspection=inspection,
        reference=reference,
        sentence_type="referral_order",
        sample_status=Case.SampleStatus.SAMPLED,
    )
    CaseIdentity.objects.create(case=case, child_name="Sam Earlier", date_of_birth=date(2009, 1, 1))
    Assessment.objects.create(
        case=case,
        framework_id=inspection.framework_id,
        framework_version=inspection.framework_version,
    )
    return case


@pytest.fixture
def open_as(browser: Any, live_server: Any, people: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def open_page(username: str) -> Any:
        # bypass_csp lets the test inject axe-core; the pages themselves are unchanged.
        context = browser.new_context(base_url=live_server.url, bypass_csp=True)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, username, PASSWORD)
        return page

    yield open_page
    for context in contexts:
        context.close()


def _case_list() -> bytes:
    # Supervised for about two months: inside the question set's window of six weeks to
    # three months before the audit starts (today).
    start = timezone.localdate() - timedelta(days=60)
    rows = "".join(
        f"{ref},Referral order,Kingsbridge YOT,{start:%d/%m/%Y},Case manager {n}\r\n"
        for n, ref in enumerate(CASES)
    )
    return (
        "Case reference,Sentence type,YOT,Supervision start date,Case manager\r\n" + rows
    ).encode()


def test_a_yot_audits_its_own_cases_and_nobody_else_sees_them(open_as: Any) -> None:
    from casescreen.assessments.models import Assessment
    from casescreen.inspections.models import Inspection

    # The manager starts the audit with the SQS question set.
    manager = open_as("dana")
    manager.get_by_role("link", name="Your YOT's self-assessments").click()
    assert_accessible(manager, "self-assessments")
    manager.get_by_role("link", name="Start a self-assessment").click()
    assert_accessible(manager, "start a self-assessment")
    manager.get_by_label("Short Quality Screening", exact=False).first.check()
    manager.get_by_role("button", name="Start the self-assessment").click()
    manager.wait_for_selector("text=Self-assessment started.")
    assert_accessible(manager, "a self-assessment")
    this_audit = Inspection.objects.exclude(reference="kingsbridge-own-audit-earlier").get(
        kind=Inspection.Kind.SELF_ASSESSMENT
    )
    assert this_audit.yot.name == "Kingsbridge YOT"
    reference = this_audit.reference

    # Imports the case list, through the inspection's own import pages.
    manager.get_by_role("link", name="Import the case list").click()
    manager.get_by_label("Upload the case list").set_input_files(
        files=[{"name": "cases.csv", "mimeType": "text/csv", "buffer": _case_list()}]
    )
    manager.get_by_role("button", name="Upload and preview").click()
    manager.wait_for_url("**/preview/")
    manager.get_by_role("button", name=f"Import {len(CASES)} cases").click()
    manager.wait_for_url(f"**/inspections/{reference}/sample/")

    # Draws the sample with the inspection's rule: so few cases, all of them.
    manager.get_by_role("button", name="Draw the sample").click()
    manager.wait_for_selector(f"text=Sample drawn: {len(CASES)} cases")

    # Puts the auditor on the audit and applies the suggested allocation.
    manager.goto(f"/self-assessments/{reference}/")
    manager.get_by_label("Auditor").select_option(label="Amir Audit (amir)")
    manager.get_by_role("button", name="Add to the self-assessment").click()
    manager.wait_for_selector("text=The auditor is on the self-assessment.")
    manager.goto(f"/inspections/{reference}/allocation/")
    manager.get_by_role(
        "button", name=f"Apply the suggested allocation to {len(CASES)} cases"
    ).click()
    manager.wait_for_selector("text=The suggested allocation was applied")
    case_ref = (
        Assessment.objects.filter(case__inspection=this_audit, inspector__username="amir")
        .values_list("case__reference", flat=True)
        .first()
    )
    assert case_ref is not None

    # The auditor finds the audit and assesses one case on the inspectors' pages.
    auditor = open_as("amir")
    auditor.get_by_role("link", name="Your YOT's self-assessments").click()
    auditor.get_by_role("link", name=reference).click()
    auditor.wait_for_url(f"**/self-assessments/{reference}/")
    auditor.goto(f"/inspections/{reference}/cases/{case_ref}/facts/")
    auditor.click("button:has-text('Save and continue')")
    auditor.wait_for_url(f"**/cases/{case_ref}/")
    auditor.click("a:has-text('Reducing reoffending')")
    for theme in ("1", "2", "3", "4", "OM"):
        auditor.wait_for_url(f"**/themes/{theme}/")
        for block in auditor.locator("[data-question]").all():
            qid = block.get_attribute("data-question")
            if qid == "q1_1_offending_understood":
                auditor.check(f"#{qid}-value-2")
                auditor.fill(f"#{qid}-evidence", "The assessment did not explain the offending.")
            else:
                auditor.check(f"#{qid}-value")
            auditor.wait_for_selector(f"#{qid}-status:has-text('Saved at')")
        auditor.click("button:has-text('Save and continue')")
    auditor.wait_for_url("**/practice-examples/")
    auditor.click("a:has-text('Continue to check your answers')")
    auditor.click("button:has-text('Mark as complete')")
    auditor.wait_for_selector(f"text=Case {case_ref} is marked as complete")
    assessment = Assessment.objects.get(case__inspection=this_audit, case__reference=case_ref)
    assert assessment.status == Assessment.Status.COMPLETED
    assert assessment.inspector is not None and assessment.inspector.username == "amir"

    # The manager reads the findings in the framework's words, and the internal report.
    manager.goto(f"/self-assessments/{reference}/")
    manager.get_by_role("link", name="Findings summary").click()
    row = manager.locator("#row-q1_1_offending_understood")
    assert row.locator("td").first.inner_text() == "1"
    assert case_ref not in manager.content()
    assert_accessible(manager, "self-assessment findings")
    manager.goto("/yot-auditors/")
    assert "Amir Audit (amir)" in manager.locator("#auditors").inner_text()
    assert_accessible(manager, "auditors")
    manager.goto(f"/self-assessments/{reference}/report.html")
    assert "Self-assessment of Kingsbridge YOT" in manager.locator("h1").inner_text()
    assert "not an inspection report" in manager.content()

    # The trend: this audit beside the one of six months ago, a chart and its table.
    manager.goto(f"/self-assessments/{reference}/")
    manager.get_by_role("link", name="Trend and comparisons").click()
    chart = manager.locator("#standard-1 + figure img")
    assert chart.get_attribute("src", timeout=TIMEOUT_MS).startswith("data:image/svg+xml")
    assert "Line chart" in (chart.get_attribute("alt") or "")
    table = manager.locator("#trend-1")
    headers = table.locator("thead th").all_inner_texts()
    assert len([h for h in headers if h.startswith("Self-assessment")]) == 2
    assert "(this one)" in headers[2]
    row = table.locator("tbody tr", has_text="1.1 Did the case manager")
    cells = row.locator("td").all_inner_texts()
    # One case of this audit so far: too few to show, as elsewhere.
    assert cells == ["60% (3 of 5)", "Too few cases to show"]
    assert_accessible(manager, "trend")

    # An action on an area for improvement, owned by the auditor.
    manager.goto(f"/self-assessments/{reference}/")
    manager.get_by_label("What will be done").fill("Explain the offending in every assessment")
    manager.get_by_label("Owner").select_option(label="Amir Audit (amir)")
    due = timezone.localdate() + timedelta(days=90)
    manager.get_by_label("Day").fill(str(due.day))
    manager.get_by_label("Month").fill(str(due.month))
    manager.get_by_label("Year").fill(str(due.year))
    manager.get_by_role("button", name="Add the action").click()
    manager.wait_for_selector("text=Action added.")
    assert "Explain the offending" in manager.locator("#own-actions").inner_text()
    assert_accessible(manager, "a self-assessment with an action")

    # An inspector of the YOT's inspection, not shared with, learns of none of it.
    lead = open_as("lena")
    pages = [
        f"/self-assessments/{reference}/",
        f"/self-assessments/{reference}/findings/",
        f"/self-assessments/{reference}/report.html",
        f"/self-assessments/{reference}/trend/",
        f"/self-assessments/{reference}/finish/",
        f"/inspections/{reference}/",
        f"/inspections/{reference}/cases/{case_ref}/",
        f"/inspections/{reference}/cases/{case_ref}/themes/1/",
        f"/inspections/{reference}/cases/{case_ref}/history/",
        f"/inspections/{reference}/findings/",
        f"/inspections/{reference}/import/",
        f"/inspections/{reference}/sample/",
        f"/inspections/{reference}/allocation/",
    ]
    for path in pages:
        response = lead.goto(path)
        assert response is not None and response.status == 404, path
    lead.goto("/")
    assert reference not in lead.content()
