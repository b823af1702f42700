"""Autosave on a theme page when a save does not go through: signed in again, leaving the
page, an answer changed while its save is on its way, and where the focus goes."""

from __future__ import annotations

import re
from typing import Any

import pytest

from casescreen.assessments.models import Answer
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

INSPECTION = "thornbury-2015-03"
QUESTION = "q1_1_offending_understood"
STATUS = f"#{QUESTION}-status"
RETRY = f"#question-{QUESTION} button:has-text('Retry')"


def _theme(reference: str, theme: str = "1") -> str:
    return f"/inspections/{INSPECTION}/cases/{reference}/themes/{theme}/"


def _answer(reference: str) -> Answer:
    return Answer.objects.get(question_id=QUESTION, assessment__case__reference=reference)


def _leave_an_answer_unsaved(page: Any, password: str, reference: str) -> None:
    """Sign in, open the case's first theme and answer its first question while the
    browser is offline, so that the page shows the answer as not saved; then go back
    online."""
    sign_in(page, "inspector", password)
    page.goto(_theme(reference))
    page.context.set_offline(True)
    page.check(f"#{QUESTION}-value-2")
    page.wait_for_selector(f"{STATUS}:has-text('Not saved')")
    page.context.set_offline(False)


def _dialogs(page: Any) -> list[str]:
    """The types of the dialogs the page opens; each is dismissed (the person stays)."""
    seen: list[str] = []

    def dismiss(dialog: Any) -> None:
        seen.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    return seen


def test_retry_after_signing_in_again_in_another_tab_saves_the_answer(
    page: Any, demo_users: str
) -> None:
    from django.contrib.sessions.models import Session
    from django.core.cache import cache

    sign_in(page, "inspector", demo_users)
    page.goto(_theme("TB2204"))
    page.check(f"#{QUESTION}-value")
    page.wait_for_selector(f"{STATUS}:has-text('Saved at')")

    # Signed out for inactivity; the page says to sign in again in another tab and retry.
    Session.objects.all().delete()
    cache.clear()
    page.check(f"#{QUESTION}-value-2")
    page.wait_for_selector(f"{STATUS}:has-text('signed out')")
    sign_in(page.context.new_page(), "inspector", demo_users)
    page.click(RETRY)
    page.wait_for_selector(f"{STATUS}:has-text('Saved at')")
    assert _answer("TB2204").value == "no"

    # The page's own form is sent with the token of the new sign-in too.
    page.fill(f"#{QUESTION}-evidence", "Sent by the form")
    page.click("button:has-text('Save and continue')")
    page.wait_for_url(re.compile(r"/themes/2/$"))
    assert _answer("TB2204").evidence == "Sent by the form"


def test_leaving_the_page_with_an_answer_not_saved_is_warned(page: Any, demo_users: str) -> None:
    dialogs = _dialogs(page)
    _leave_an_answer_unsaved(page, demo_users, "TB2205")

    page.click("a:has-text('Back to case')")
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(_theme("TB2205"))

    # "Save and continue" sends every answer: nothing to warn of.
    page.click("button:has-text('Save and continue')")
    page.wait_for_url(re.compile(r"/themes/2/$"))
    assert dialogs == ["beforeunload"]
    assert _answer("TB2205").value == "no"


def test_retry_by_keyboard_leaves_the_focus_at_the_question(page: Any, demo_users: str) -> None:
    dialogs = _dialogs(page)
    _leave_an_answer_unsaved(page, demo_users, "TB2206")

    page.focus(RETRY)
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{STATUS}:has-text('Saved at')")
    assert page.evaluate("document.activeElement.id") == f"{QUESTION}-value-2"

    # Saved: leaving is not warned of.
    page.click("a:has-text('Back to case')")
    page.wait_for_url(re.compile(r"/cases/TB2206/$"))
    assert dialogs == []


def test_an_answer_changed_while_its_save_is_on_its_way_is_restored_without_a_conflict(
    page: Any, demo_users: str
) -> None:
    page.clock.install()  # the typing's own save waits; the page is reloaded first
    sign_in(page, "inspector", demo_users)
    page.goto(_theme("TB2203"))
    held: list[Any] = []

    def hold(route: Any) -> None:
        held.append(route)

    page.route("**/answers/", hold)
    page.check(f"#{QUESTION}-value-2")
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    page.fill(f"#{QUESTION}-evidence", "Typed while saving")
    held[0].continue_()
    page.unroute("**/answers/", hold)
    page.wait_for_selector(f"{STATUS}:has-text('Saved at')")
    assert (_answer("TB2203").value, _answer("TB2203").version) == ("no", 1)

    page.reload()
    status = page.locator(STATUS)
    page.wait_for_selector(f"{STATUS}:has-text('Saved at'), {STATUS}:has-text('someone else')")
    assert "Saved at" in status.inner_text()
    answer = _answer("TB2203")
    assert (answer.value, answer.evidence, answer.version) == ("no", "Typed while saving", 2)


def test_staying_signed_in_takes_the_focus_back_where_it_was(page: Any, demo_users: str) -> None:
    idle = 30 * 60 - 60  # seconds from a request to the earliest sign-out
    page.clock.install()
    sign_in(page, "inspector", demo_users)
    page.goto(_theme("TB2204"))
    page.focus(f"#{QUESTION}-evidence")
    page.clock.fast_forward((idle - 120) * 1000 + 1000)
    assert page.evaluate("document.activeElement.id") == "session-timeout"

    page.get_by_role("button", name="Stay signed in").click()
    page.wait_for_selector("#session-timeout", state="detached")
    assert page.evaluate("document.activeElement.id") == f"{QUESTION}-evidence"


def _draft(page: Any) -> Any:
    """This browser's unsaved input for the question, as the theme page keeps it."""
    return page.evaluate(
        """(question) => {
            const key = document.getElementById('theme-form').dataset.storageKey
            return (JSON.parse(localStorage.getItem(key) || '{}'))[question] || null
        }""",
        QUESTION,
    )


def test_a_page_sent_while_signed_out_is_kept_and_warned_of_until_saved(
    page: Any, demo_users: str
) -> None:
    from django.contrib.sessions.models import Session
    from django.core.cache import cache

    dialogs = _dialogs(page)
    sign_in(page, "inspector", demo_users)
    page.goto(_theme("TB2205"))
    Session.objects.all().delete()
    cache.clear()
    page.check(f"#{QUESTION}-value-2")
    page.fill(f"#{QUESTION}-evidence", "Sent while signed out")
    page.locator(f"#{QUESTION}-evidence").blur()
    page.wait_for_selector(f"{STATUS}:has-text('signed out')")
    page.click("button:has-text('Save and continue')")
    page.wait_for_url(re.compile("/sign-in/"))
    page.fill("#id_username", "inspector")
    page.fill("#id_password", demo_users)
    page.click("#main-content button[type=submit]")
    page.wait_for_url(re.compile(r"/themes/1/$"))
    page.wait_for_load_state()

    # Shown again unsaved: the browser still keeps it, and leaving the page is warned of.
    assert "Not saved: you had been signed out" in page.inner_text("main")
    assert page.locator(f"#{QUESTION}-evidence").input_value() == "Sent while signed out"
    assert not Answer.objects.filter(
        question_id=QUESTION, assessment__case__reference="TB2205", value="no"
    ).exists()
    assert _draft(page)["evidence"] == "Sent while signed out"
    page.click("a:has-text('Back to case')")
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(_theme("TB2205"))

    page.click("button:has-text('Save and continue')")
    page.wait_for_url(re.compile(r"/themes/2/$"))
    assert dialogs == ["beforeunload"]
    answer = _answer("TB2205")
    assert (answer.value, answer.evidence) == ("no", "Sent while signed out")


def test_a_refused_page_is_kept_and_warned_of_until_saved(page: Any, demo_users: str) -> None:
    dialogs = _dialogs(page)
    sign_in(page, "inspector", demo_users)
    page.goto(_theme("TB2206"))
    too_long = "x" * 10_001
    page.check(f"#{QUESTION}-value-2")
    page.fill(f"#{QUESTION}-evidence", too_long)
    page.locator(f"#{QUESTION}-evidence").blur()
    page.wait_for_selector(f"{STATUS}:has-text('Not saved')")
    page.click("button:has-text('Save and continue')")
    page.wait_for_selector(".govuk-error-summary")
    page.wait_for_load_state()

    # The refused page shows what was typed, not saved: kept, and leaving is warned of.
    assert page.locator(f"#{QUESTION}-evidence").input_value() == too_long
    assert _draft(page)["evidence"] == too_long
    page.click("a:has-text('Back to case')")
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]

    # Corrected, the answer is saved as any other change is.
    page.fill(f"#{QUESTION}-evidence", "Shorter evidence")
    page.locator(f"#{QUESTION}-evidence").blur()
    page.wait_for_selector(f"{STATUS}:has-text('Saved at')")
    answer = _answer("TB2206")
    assert (answer.value, answer.evidence) == ("no", "Shorter evidence")
    assert _draft(page) is None
