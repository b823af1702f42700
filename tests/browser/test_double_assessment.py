"""Blind double assessment in a real browser: the lead chooses a case, a second inspector
assesses it without seeing the first assessment, the lead reconciles the disagreement and
the case counts in the findings again."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from casescreen.accounts.models import User
from casescreen.cases.models import Case
from casescreen.demo.data import INSPECTOR, LEAD, REFERENCE
from casescreen.moderation.models import DoubleAssessment
from casescreen.moderation.selectors import double_comparison
from tests.browser.conftest import sign_in

TIMEOUT = 60_000


def test_double_assessment_reconciled_into_the_findings(
    page: Any, browser: Any, live_server: Any, demo_users: str
) -> None:
    page.set_default_timeout(TIMEOUT)
    page.set_default_navigation_timeout(TIMEOUT)
    inspector = User.objects.get(username=INSPECTOR)
    case = (
        Case.objects.filter(
            inspection__reference=REFERENCE,
            assessment__inspector__username=LEAD,
            double_assessment__isnull=True,
        )
        .order_by("reference")
        .first()
    )
    assert case is not None
    args = [REFERENCE, case.reference]

    # The lead chooses the case for a second, blind assessment by the inspector.
    sign_in(page, LEAD, demo_users)
    page.goto(reverse("moderation", args=[REFERENCE]))
    page.select_option("select[name=how]", "hand")
    page.select_option("select[name=second_inspector]", str(inspector.pk))
    page.select_option("select[name=cases]", case.reference)
    page.click("button:has-text('Choose cases')")
    page.wait_for_load_state()
    double = DoubleAssessment.objects.get(case=case)
    assert double.second_inspector_id == inspector.pk

    # The second inspector answers as the first did, except on the first question.
    rows = double_comparison(double)
    differ = rows[0].question.id
    answers = {
        row.question.id: (("no" if row.first == "yes" else "yes") if row.question.id == differ
                          else row.first)
        for row in rows
    }  # fmt: skip
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(TIMEOUT)
    context.set_default_navigation_timeout(TIMEOUT)
    second = context.new_page()
    try:
        sign_in(second, INSPECTOR, demo_users)
        # The first assessment is not there for them until they complete theirs.
        response = second.goto(reverse("case", args=args))
        assert response is not None and response.status == 404
        assert "Page not found" in second.content()
        overview = reverse("second_assessment", args=args)
        second.goto(overview)
        links = [a.get_attribute("href") for a in second.locator("#themes a").element_handles()]
        for href in links:
            second.goto(href)
            for question_id, value in answers.items():
                radio = second.locator(f'input[name="{question_id}-value"][value="{value}"]')
                if radio.count():
                    radio.check()
                    second.fill(f"#{question_id}-evidence", "Read in the case record.")
            second.click("button:has-text('Save and continue')")
            second.wait_for_load_state()
        second.goto(overview)
        second.click("button:has-text('Mark my assessment as complete')")
        second.wait_for_load_state()
        double.refresh_from_db()
        assert double.status == DoubleAssessment.Status.COMPLETED
        # Completed, the first assessment is theirs to read.
        response = second.goto(reverse("case", args=args))
        assert response is not None and response.status == 200
    finally:
        context.close()

    # The unreconciled disagreement holds the case out of the findings.
    findings = reverse("findings", args=[REFERENCE])
    page.goto(findings)
    held = page.locator(".govuk-inset-text").filter(has_text="Not yet counted")
    assert case.reference in held.inner_text()
    basis_held = page.inner_text("#findings-basis")

    # The lead reconciles it, keeping the second assessor's answer, with a reason.
    page.goto(reverse("reconcile", args=args))
    page.check(f"#{differ}-{answers[differ]}")
    page.fill(f"#{differ}-reason", "The second reading matches the plan on file.")
    paragraph = rows[0].question.paragraph
    page.click(f"button:has-text('Reconcile {paragraph}')")
    page.wait_for_load_state()
    assert double.reconciliations.get(question_id=differ).value == answers[differ]

    page.goto(findings)
    assert (
        page.locator(".govuk-inset-text")
        .filter(has_text="Not yet counted")
        .filter(has_text=case.reference)
        .count()
        == 0
    )
    # One more case counts in the basis of the findings.
    assert page.inner_text("#findings-basis") != basis_held
