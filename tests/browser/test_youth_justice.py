"""A case assessed under the youth justice standards, and the ratings it feeds."""

from __future__ import annotations

from typing import Any

import pytest

from casescreen.assessments.models import Answer, Assessment
from casescreen.cases.models import Case
from casescreen.demo import youth_justice
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

INSPECTION = youth_justice.REFERENCE


def test_an_inspector_assesses_an_out_of_court_case_and_the_lead_sees_ratings(
    page: Any, demo_users: str
) -> None:
    case = (
        Case.objects.filter(
            inspection__reference=INSPECTION,
            assessment__status=Assessment.Status.NOT_STARTED,
            assessment__inspector__username="inspector",
            sentence_type__in=(
                "youth_caution",
                "youth_conditional_caution",
                "community_resolution",
            ),
        )
        .order_by("reference")
        .first()
    )
    assert case is not None, "the demo leaves an out-of-court case for the inspector"
    framework = case.inspection.framework()
    sign_in(page, "inspector", demo_users)
    page.goto(f"/inspections/{INSPECTION}/cases/{case.reference}/")
    assert "Out-of-court disposal" in page.content()
    page.click("a:has-text('Case facts')")
    assert_accessible(page, "case facts under the standards")
    page.check("#id_case_manager_present")
    page.click("button:has-text('Save and continue')")
    page.wait_for_url(f"**/cases/{case.reference}/")

    applicable = framework.applicable_questions(case.facts(list(framework.facts)))
    assert applicable and all(framework.question(q).theme == "3" for q in applicable)
    page.click(f"a:has-text('{framework.theme('3').title}')")
    page.wait_for_url("**/themes/3/")
    assert_accessible(page, "out-of-court disposal questions")
    for block in page.locator("[data-question]").all():
        qid = block.get_attribute("data-question")
        if qid == "s3_2_others_safety":
            page.check(f"#{qid}-value-2")
            page.fill(f"#{qid}-evidence", "The plan did not address the risk to the victim.")
        else:
            page.check(f"#{qid}-value")
        page.wait_for_selector(f"#{qid}-status:has-text('Saved at')")
    page.goto(f"/inspections/{INSPECTION}/cases/{case.reference}/check/")
    page.click("button:has-text('Mark as complete')")
    page.wait_for_selector(f"text=Case {case.reference} is marked as complete")
    answers = dict(Answer.objects.filter(assessment__case=case).values_list("question_id", "value"))
    assert set(answers) == applicable
    assert [q for q, v in answers.items() if v == "no"] == ["s3_2_others_safety"]

    page.context.clear_cookies()
    sign_in(page, "lead", demo_users)
    page.goto(f"/inspections/{INSPECTION}/findings/")
    assert_accessible(page, "findings with ratings")
    # Planning for out-of-court disposals: keeping other people safe now 7 of 11 (64%),
    # which was 7 of 10 (70%, Good) before this case.
    assert "64% (7 of 11)" in page.locator("#row-s3_2_others_safety").inner_text()
    planning = page.locator('[id="rating-3.2"]').inner_text()
    assert "64%" in planning and "Requires improvement" in planning
    assert "Good" in page.locator("#rating-overall").inner_text()

    # The lead changes the rating of a standard judged on evidence.
    page.goto(f"/inspections/{INSPECTION}/ratings/")
    assert_accessible(page, "ratings of the judged standards")
    section = page.locator("#standard-s1-4")
    section.get_by_label("Good", exact=True).check()
    section.get_by_role("textbox").fill("Performance reports are now on time.")
    section.get_by_role("button").click()
    page.wait_for_selector(".govuk-notification-banner")
    page.goto(f"/inspections/{INSPECTION}/findings/")
    assert "Good" in page.locator('[id="rating-1.4"]').inner_text()
