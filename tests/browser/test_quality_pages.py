"""The quality assurance pages on the Redbridge demo in headless Chromium, in their normal
and error states: one <h1>, a title of their own, and no axe-core violation."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_all_pages_accessible import REDBRIDGE, check, check_error

pytestmark = pytest.mark.browser


def test_review_pages_and_the_case_page_with_queries_pass_axe(open_as: Any) -> None:
    from casescreen.assessments.models import Assessment

    assessment = (
        Assessment.objects.filter(
            case__inspection__reference=REDBRIDGE,
            inspector__username="inspector",
            status=Assessment.Status.COMPLETED,
        )
        .select_related("case")
        .first()
    )
    assert assessment is not None
    ref = assessment.case.reference
    lead = open_as("lead")
    lead.goto(f"/inspections/{REDBRIDGE}/quality/")
    check(lead, "quality assurance review list")
    lead.click("button:has-text('Add quality assurer')")
    check_error(lead, "quality assurer not chosen")

    lead.goto(f"/inspections/{REDBRIDGE}/quality/cases/{ref}/")
    check(lead, "review of one case, awaiting review")
    lead.click("button:has-text('Start the review')")
    check(lead, "review of one case, under review")
    lead.click("button:has-text('Add the query')")
    check_error(lead, "query without a subject or text")
    lead.select_option("#id_about", "answer:q1_1_offending_understood")
    lead.fill("#id_text", "The plan on file suggests otherwise: please check.")
    lead.click("button:has-text('Add the query')")
    check(lead, "review with an open query")
    lead.click("button:has-text('Return to the inspector')")
    check(lead, "review list after a return")

    inspector = open_as("inspector")
    inspector.goto(f"/inspections/{REDBRIDGE}/cases/{ref}/")
    assert inspector.locator("#queries").is_visible()
    check(inspector, "case page with a query")
    inspector.click("button:has-text('Send the reply')")
    check_error(inspector, "empty reply")
    inspector.fill("textarea[name=text]", "Checked: the answer stands.")
    inspector.click("button:has-text('Send the reply')")
    check(inspector, "case page after a reply")

    lead.goto(f"/inspections/{REDBRIDGE}/")
    assert "1 returned with queries" in lead.locator("#review-counts").inner_text()
    check(lead, "inspection page with review counts")
