"""Real-browser fixtures: one headless Chromium per session, a fresh context per test.

The Django live server runs on the test database (SQLite in memory or
PostgreSQL); tests that use it get a transactional database.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

# Playwright's sync API keeps an event loop running in the test thread; the ORM
# calls in the tests themselves are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any, transactional_db: Any) -> Iterator[Any]:
    # bypass_csp lets the test inject axe-core; the pages themselves are unchanged.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(10_000)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_users(transactional_db: Any, demo_rows: Any) -> Any:
    """The database as ``make demo`` leaves it: the migrations' rows and the demo's,
    restored from the rows read once (``demo_rows``) when the database holds nothing
    else, which is quicker than loading the demo; otherwise the demo is loaded."""
    from casescreen.demo import data as demo_module
    from tests.conftest import PASSWORD, restore_demo

    if not restore_demo(demo_rows):
        demo_module.load_demo(PASSWORD, publish_report=False)
    return PASSWORD


@pytest.fixture
def language() -> str:
    """The language pages are asked for in (the language cookie); English unless a test
    module asks for more (test_all_pages_accessible.py runs each test in both)."""
    return "en-gb"


@pytest.fixture
def t(language: str) -> Any:
    """A text of the service in the test's language."""

    def translate(text: str) -> str:
        with translation.override(language):
            return translation.gettext(text)

    return translate


@pytest.fixture
def open_as(browser: Any, live_server: Any, demo_users: str, language: str) -> Iterator[Any]:
    """A signed-in page per role, in the test's language, reused for every URL that role
    visits."""
    contexts: list[Any] = []

    def open_page(username: str | None, *, bypass_csp: bool = True) -> Any:
        context = browser.new_context(base_url=live_server.url, bypass_csp=bypass_csp)
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        context.set_default_timeout(10_000)
        context.add_init_script(path=str(AXE))
        contexts.append(context)
        page = context.new_page()
        if username:
            sign_in(page, username, demo_users)
        return page

    yield open_page
    for context in contexts:
        context.close()


def sign_in(page: Any, username: str, password: str) -> None:
    page.goto("/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#main-content button[type=submit]")
    page.wait_for_url("**/")


def assert_accessible(page: Any, what: str) -> None:
    """Run axe-core on the page as it is now; fail listing every violation. Each context
    loads axe-core into every page it opens (sending the script once per context, not
    once per check); a page given its content by the test gets it here. A click that
    opens a page returns once the page starts loading: the check waits for all of it."""
    page.wait_for_load_state()
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async (tags) => {
            const result = await window.axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)
            }));
        }""",
        AXE_TAGS,
    )
    if violations:
        print(f"axe-core violations on {what} ({page.url}):")
        print(json.dumps(violations, indent=2))
    assert violations == [], f"{len(violations)} accessibility violations on {what}"
