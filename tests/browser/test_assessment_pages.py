"""Every assessment page in headless Chromium: axe-core, keyboard use, autosave, end to end."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from casescreen.accounts.models import User
from casescreen.assessments.models import Answer, Assessment, PracticeExample
from casescreen.assessments.services import assessment_answer
from casescreen.cases.models import Case
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

INSPECTION = "thornbury-2015-03"


def _case_path(reference: str, rest: str = "") -> str:
    return f"/inspections/{INSPECTION}/cases/{reference}/{rest}"


def test_every_page_passes_axe_including_errors_and_conflicts(page: Any, demo_users: str) -> None:
    from casescreen.accounts.models import User

    page.goto("/sign-in/")
    assert_accessible(page, "sign-in page")
    page.click("button:has-text('Sign in')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "sign-in error")
    sign_in(page, "inspector", demo_users)
    assert_accessible(page, "home")
    page.goto(f"/inspections/{INSPECTION}/")
    assert_accessible(page, "inspection home")
    page.goto(f"/inspections/{INSPECTION}/?status=not_started")
    assert_accessible(page, "inspection home, filtered")
    page.goto(_case_path("TB2201"))
    assert_accessible(page, "case task list")
    page.goto(_case_path("TB2201", "facts/"))
    assert_accessible(page, "case facts")
    # Error state: no sentence type chosen.
    page.evaluate(
        "document.querySelectorAll('input[name=sentence_type]').forEach(r => r.checked = false)"
    )
    page.click("button:has-text('Save and continue')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "case facts with an error")
    framework_themes = ["1", "2", "3", "4", "OM"]
    for theme in framework_themes:
        page.goto(_case_path("TB2201", f"themes/{theme}/"))
        assert_accessible(page, f"theme {theme}")
    page.goto(_case_path("TB2201", "practice-examples/"))
    assert_accessible(page, "practice examples")
    page.click("button:has-text('Add the example')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "practice examples with errors")
    page.goto(_case_path("TB2201", "check/"))
    assert_accessible(page, "check answers")
    page.click("button:has-text('Mark as complete')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "check answers with what is missing")

    # A refused page: a control character in the evidence, sent without the page script.
    page.goto(_case_path("TB2201", "themes/1/"))
    page.evaluate("document.getElementById('theme-form').dataset.saveUrl = '/nowhere/'")
    page.evaluate(
        "document.getElementById('q1_1_offending_understood-evidence').value = 'Typed \\u0000'"
    )
    page.evaluate("HTMLFormElement.prototype.submit.call(document.getElementById('theme-form'))")
    page.wait_for_selector(".govuk-error-summary")
    assert "Typed" in page.input_value("#q1_1_offending_understood-evidence")
    assert_accessible(page, "theme page refused")
    # The refused input stays in this browser until saved; the next page starts without it.
    page.evaluate("localStorage.clear()")

    # Conflict page: someone else answers while this page is open.
    page.goto(_case_path("TB2201", "themes/1/"))
    case = Case.objects.get(reference="TB2201")
    assessment_answer(
        user=User.objects.get(username="lead"),
        case=case,
        question_id="q1_1_offending_understood",
        value="yes",
        evidence="",
        based_on_version=0,
    )
    page.evaluate("document.getElementById('theme-form').dataset.saveUrl = '/nowhere/'")
    page.evaluate("document.getElementById('q1_1_offending_understood-value-2').checked = true")
    page.evaluate("HTMLFormElement.prototype.submit.call(document.getElementById('theme-form'))")
    page.wait_for_selector("h1:has-text('Someone else changed')")
    assert_accessible(page, "answer conflict page")

    # Facts conflict page: someone else changes the fact this page changes.
    page.goto(_case_path("TB2201", "facts/"))
    saved = Case.objects.get(pk=case.pk).rosh_level
    theirs, mine = [level for level in ("low", "medium", "high") if level != saved][:2]
    Case.objects.filter(pk=case.pk).update(version=case.version + 5, rosh_level=theirs)
    page.check(f"input[name=rosh_level][value={mine}]")
    page.click("button:has-text('Save and continue')")
    page.wait_for_selector("h1:has-text('Someone else changed the case facts')")
    assert_accessible(page, "facts conflict page")


def test_reopening_says_what_it_does_and_asks_why(page: Any, demo_users: str) -> None:
    completed = Assessment.objects.filter(
        case__inspection__reference=INSPECTION, case__reference="TB2206"
    )
    completed.update(status=Assessment.Status.COMPLETED)
    sign_in(page, "lead", demo_users)
    page.goto(_case_path("TB2206", "check/"))
    page.click("a:has-text('Reopen the assessment')")
    page.wait_for_selector("h1:has-text('Reopen the assessment')")
    assert_accessible(page, "reopen page")
    page.click("button:has-text('Reopen')")
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page, "reopen page without a reason")
    assert completed.get().status == Assessment.Status.COMPLETED
    page.fill("#id_reason", "The case manager found the missing plan.")
    page.click("button:has-text('Reopen')")
    page.wait_for_selector("h1:has-text('TB2206')")
    assessment = completed.get()
    assert assessment.status == Assessment.Status.IN_PROGRESS
    assert assessment.reopen_reason == "The case manager found the missing plan."


def test_keyboard_only_confirms_facts_and_answers_a_question(page: Any, demo_users: str) -> None:
    sign_in(page, "inspector", demo_users)
    page.goto(_case_path("TB2202", "facts/"))

    def tab_to(selector: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#id_case_manager_present")
    page.keyboard.press("Space")
    tab_to("#main-content button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cases/TB2202/")
    assessment = Assessment.objects.get(case__reference="TB2202")
    assert assessment.case_manager_present is True
    assert assessment.facts_confirmed_at is not None

    page.goto(_case_path("TB2202", "themes/1/"))
    tab_to("input[name='q1_1_offending_understood-value']")
    page.keyboard.press("Space")
    page.wait_for_selector("#q1_1_offending_understood-status:has-text('Saved at')")
    assert (
        Answer.objects.get(
            question_id="q1_1_offending_understood",
            assessment__case__inspection__reference=INSPECTION,
        ).value
        == "yes"
    )


def test_focus_moves_to_error_summary_on_failed_submit(page: Any, demo_users: str) -> None:
    sign_in(page, "inspector", demo_users)
    page.goto(_case_path("TB2203", "check/"))
    page.focus("#complete")
    page.keyboard.press("Enter")
    page.wait_for_selector(".govuk-error-summary")
    # Fails with a timeout if focus never reaches the summary.
    page.wait_for_function("document.activeElement.classList.contains('govuk-error-summary')")
    # The first link leads to the case facts.
    assert "/facts/" in page.locator(".govuk-error-summary a").first.get_attribute("href")


def test_autosave_shows_errors_with_retry_and_keeps_unsaved_input_across_reload(
    page: Any, demo_users: str
) -> None:
    sign_in(page, "inspector", demo_users)
    page.goto(_case_path("TB2204", "themes/1/"))
    page.check("#q1_1_offending_understood-value")
    page.wait_for_selector("#q1_1_offending_understood-status:has-text('Saved at')")
    assert (
        Answer.objects.get(
            question_id="q1_1_offending_understood",
            assessment__case__inspection__reference=INSPECTION,
        ).version
        == 1
    )

    page.context.set_offline(True)
    page.check("#q1_1_offending_understood-value-2")
    page.fill("#q1_1_offending_understood-evidence", "Seen offline")
    page.locator("#q1_1_offending_understood-evidence").blur()
    page.wait_for_selector("#q1_1_offending_understood-status:has-text('Not saved')")
    assert page.locator("#question-q1_1_offending_understood button:has-text('Retry')").is_visible()
    assert (
        Answer.objects.get(
            question_id="q1_1_offending_understood",
            assessment__case__inspection__reference=INSPECTION,
        ).value
        == "yes"
    )

    # Reload while still unsaved: the browser kept the input and saves it once back online.
    page.context.set_offline(False)
    page.reload()
    page.wait_for_selector("#q1_1_offending_understood-status:has-text('Saved at')")
    assert page.locator("#q1_1_offending_understood-evidence").input_value() == "Seen offline"
    answer = Answer.objects.get(
        question_id="q1_1_offending_understood", assessment__case__inspection__reference=INSPECTION
    )
    assert (answer.value, answer.evidence, answer.version) == ("no", "Seen offline", 2)
    assert page.evaluate("localStorage.length") == 0

    # A draft still unsaved when the inspector signs out is not left for the next person:
    # the drafts are kept under the person's own key, and signing out empties them.
    page.context.set_offline(True)
    page.fill("#q1_1_offending_understood-evidence", "Left unsaved")
    page.locator("#q1_1_offending_understood-evidence").blur()
    page.wait_for_selector("#q1_1_offending_understood-status:has-text('Not saved')")
    [key] = page.evaluate("Object.keys(localStorage)")
    assert key.startswith(f"casescreen:{User.objects.get(username='inspector').pk}:")
    page.context.set_offline(False)
    page.get_by_role("button", name=re.compile("Sign out")).click()
    page.wait_for_url(re.compile("/sign-in/"))
    assert page.evaluate("localStorage.length") == 0


def test_autosave_signed_out_keeps_the_answer_and_speaks_the_pages_language(
    page: Any, demo_users: str, live_server: Any
) -> None:
    from django.conf import settings
    from django.contrib.sessions.models import Session
    from django.core.cache import cache

    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "cy", "url": live_server.url}]
    )
    sign_in(page, "inspector", demo_users)
    page.goto(_case_path("TB2204", "themes/1/"))
    page.check("#q1_1_offending_understood-value")
    page.wait_for_selector("#q1_1_offending_understood-status:has-text('Cadwyd am')")

    # The session ends (idle too long) while the page is open: the next save is not
    # mistaken for one done, and the answer stays in the browser.
    Session.objects.all().delete()
    cache.clear()
    page.check("#q1_1_offending_understood-value-2")
    page.fill("#q1_1_offending_understood-evidence", "Kept while signed out")
    page.locator("#q1_1_offending_understood-evidence").blur()
    status = page.locator("#q1_1_offending_understood-status")
    page.wait_for_selector("#q1_1_offending_understood-status:has-text('Heb ei gadw')")
    assert "allgofnodi" in status.inner_text()
    assert page.locator(
        "#question-q1_1_offending_understood button:has-text('Ailgeisio')"
    ).is_visible()
    answer = Answer.objects.get(
        question_id="q1_1_offending_understood", assessment__case__reference="TB2204"
    )
    assert (answer.value, answer.evidence) == ("yes", "")

    # Signed in again, the page restores the answer from the browser and saves it.
    sign_in(page, "inspector", demo_users)
    page.goto(_case_path("TB2204", "themes/1/"))
    page.wait_for_selector("#q1_1_offending_understood-status:has-text('Cadwyd am')")
    answer.refresh_from_db()
    assert (answer.value, answer.evidence) == ("no", "Kept while signed out")


def test_autosave_conflict_offers_keep_mine(page: Any, demo_users: str) -> None:
    from casescreen.accounts.models import User

    sign_in(page, "inspector", demo_users)
    page.goto(_case_path("TB2205", "themes/1/"))
    assessment_answer(
        user=User.objects.get(username="lead"),
        case=Case.objects.get(reference="TB2205"),
        question_id="q1_1_offending_understood",
        value="yes",
        evidence="",
        based_on_version=0,
    )
    page.check("#q1_1_offending_understood-value-2")
    page.wait_for_selector("#q1_1_offending_understood-status:has-text('someone else changed')")
    page.click("#question-q1_1_offending_understood button:has-text('Keep mine')")
    page.wait_for_selector("#q1_1_offending_understood-status:has-text('Saved at')")
    answer = Answer.objects.get(
        question_id="q1_1_offending_understood", assessment__case__inspection__reference=INSPECTION
    )
    assert (answer.value, answer.version) == ("no", 2)


def test_end_to_end_assess_a_case_and_see_the_findings_change(page: Any, demo_users: str) -> None:
    reference = "TB2202"
    sign_in(page, "inspector", demo_users)
    page.click(f"a:has-text('{INSPECTION}')")
    page.click(f"a:has-text('{reference}')")
    page.click("a:has-text('Case facts')")
    page.check("#id_roh_plan_required")
    page.check("#id_identifiable_victim")
    page.check("#id_case_manager_present")
    page.click("button:has-text('Save and continue')")
    page.wait_for_url(f"**/cases/{reference}/")
    case = Case.objects.get(inspection__reference=INSPECTION, reference=reference)
    applicable = case.inspection.framework().applicable_questions(case.facts())
    assert {"q2_4_risk_planning", "q2_5_victims"} <= applicable

    # Answer every applicable question, theme by theme, one "no" with evidence.
    page.click("a:has-text('Reducing reoffending')")
    for theme in ("1", "2", "3", "4", "OM"):
        page.wait_for_url(f"**/themes/{theme}/")
        for block in page.locator("[data-question]").all():
            qid = block.get_attribute("data-question")
            if qid == "q1_1_offending_understood":
                page.check(f"#{qid}-value-2")
                page.fill(f"#{qid}-evidence", "The assessment did not explain the offending.")
            else:
                page.check(f"#{qid}-value")
            page.wait_for_selector(f"#{qid}-status:has-text('Saved at')")
        page.click("button:has-text('Save and continue')")
    page.wait_for_url("**/practice-examples/")
    page.select_option("#id_paragraph", "1.4")
    page.fill("#id_pseudonym", "Sam")
    page.fill("#id_text", "Sam helped write his own plan with the case manager.")
    page.click("button:has-text('Add the example')")
    page.wait_for_selector("text=Practice example added")
    page.click("a:has-text('Continue to check your answers')")
    page.click("button:has-text('Mark as complete')")
    page.wait_for_selector(f"text=Case {reference} is marked as complete")

    assessment = Assessment.objects.get(case=case)
    assert assessment.status == Assessment.Status.COMPLETED
    answers = dict(Answer.objects.filter(assessment=assessment).values_list("question_id", "value"))
    assert set(answers) == applicable
    assert [q for q, v in answers.items() if v == "no"] == ["q1_1_offending_understood"]
    assert PracticeExample.objects.filter(assessment=assessment, pseudonym="Sam").exists()

    page.goto(f"/inspections/{INSPECTION}/findings/")
    excluded = page.locator(".govuk-inset-text").inner_text()
    assert reference not in excluded
    row = page.locator("#row-q1_1_offending_understood")
    assert "1" in row.locator("td").nth(1).inner_text()

    # Reload the pages: everything persisted.
    page.goto(_case_path(reference, "check/"))
    page.reload()
    html = page.content()
    assert "The assessment did not explain the offending." in html
    assert "This assessment is completed." in html
    page.goto(_case_path(reference))
    assert page.locator("#assessment-status").inner_text() == "Completed"


def test_a_warning_comes_before_the_sign_out_for_inactivity(page: Any, demo_users: str) -> None:
    """Two minutes before the earliest sign-out (30 minutes idle, less the minute within
    which a session is renewed), a banner says so and offers to stay signed in."""
    page.clock.install()
    sign_in(page, "inspector", demo_users)
    banner = page.locator("#session-timeout")
    template = page.locator("#session-timeout-template")
    assert template.get_attribute("data-idle-seconds") == str(30 * 60 - 60)
    page.clock.fast_forward((30 * 60 - 60 - 120) * 1000 - 1000)
    assert banner.is_hidden()
    page.clock.fast_forward(2000)
    assert banner.is_visible()
    assert "You will be signed out in 2 minutes" in banner.inner_text()
    assert page.evaluate("document.activeElement.id") == "session-timeout"
    assert_accessible(page, "the warning before the sign-out")

    page.get_by_role("button", name="Stay signed in").click()
    page.wait_for_selector("#session-timeout", state="detached")

    # Nothing done again: the warning, then the sign-out said, without the button.
    page.clock.fast_forward((30 * 60 - 60) * 1000)
    assert banner.is_visible()
    assert "You have been signed out" in banner.inner_text()
    assert page.get_by_role("button", name="Stay signed in").is_hidden()


def test_work_in_another_tab_counts_against_the_sign_out(page: Any, demo_users: str) -> None:
    """The tabs of a browser share one session: a tab left idle while the person works in
    another warns only when the session is really about to end."""
    idle = 30 * 60 - 60  # seconds from a request to the earliest sign-out
    page.clock.install()
    sign_in(page, "inspector", demo_users)
    banner = page.locator("#session-timeout")
    other = page.context.new_page()
    page.clock.fast_forward(10 * 60 * 1000)
    other.goto("/")  # ten minutes later, a request in the other tab
    page.clock.fast_forward((idle - 120 - 10 * 60) * 1000 + 1000)
    assert banner.is_hidden()  # this tab's own count would have warned by now
    page.clock.fast_forward(10 * 60 * 1000)
    assert banner.is_visible()  # and it warns when the other tab's request is as old
    assert "You will be signed out in 2 minutes" in banner.inner_text()
    assert other.locator("#session-timeout").is_visible()
