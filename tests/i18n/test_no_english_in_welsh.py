"""With Welsh chosen, the main pages show no English but the service's data.

Each role's pages are reached as a person reaches them: from the start page, following the
links of each page, one page of each kind (URL name). The visible text of each page (text,
and the alt, title, aria-label, placeholder and button values a reader meets) is searched
for common English words, leaving out passages marked as another language (``lang``),
scripts and styles, and the data people and the demo wrote (names, references, notes,
report paragraphs), which is shown as it was written. The failure lists each offending
text by page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

from casescreen.accounts.models import User
from casescreen.demo import data as demo_data
from casescreen.demo import wales
from tests.conftest import client_for

# Common English words that are no Welsh words ("all", Welsh for "can", is left out), and
# the words of the service's own pages.
ENGLISH = frozenset(
    """
    the and of to is with for your this that not are you has have been will from by or
    was were what which who there when where how into than then them they their these
    those should would could can must may page here yet any each some only more
    case cases inspection inspections report reports sample sampled finding findings
    assessment assessments question questions theme themes standard standards rating
    ratings draft published publish sign password save continue cancel change back add
    delete remove edit view upload download import export check status date name team
    yes no none completed started progress manager inspector lead register calendar
    programme youth offending emails sent letter timetable allocation quality assurance
    reoffending figures comment comments answer answers reason enter choose select
    """.split()  # noqa: SIM905 - a paragraph of words reads better than a list
)
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
EDGES = " \t\n“”‘’\"'.,:;()[]!?…-–—"
VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()  # noqa: SIM905
)
# Not read as words: scripts, styles, and identifiers (code: column names, keys to type).
HIDDEN = frozenset(("script", "style", "template", "noscript", "code"))
ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
SKIPPED_PATHS = ("/language/", "/admin/", "/static/", "/sign-out/")
MAX_PAGES = 40


class _VisibleText(HTMLParser):
    """The texts a reader meets on a page, but those in another language than Welsh."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = (values.get("lang") or "cy").lower()
        skipped = self.skipping or tag in HIDDEN or not lang.startswith("cy")
        if tag == "html":
            skipped = False  # the page's own language is checked by its own test
        if not skipped:
            for name in ATTRIBUTES:
                if values.get(name):
                    self.texts.append(values[name] or "")
            if tag == "input" and values.get("type") in ("submit", "button"):
                self.texts.append(values.get("value") or "")
        if tag not in VOID:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.texts.append(data)


def _normal(text: str) -> str:
    return " ".join(text.split()).strip(EDGES)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    return []


# The names the pages weave into their sentences ("Sign out lead", "Dear Ruth Holmes").
NAMES = {
    "accounts.User": ("username", "first_name", "last_name"),
    "inspections.Yot": ("name", "local_authority", "manager_name", "board_chair"),
    "inspections.Inspection": ("reference",),
    "cases.Case": ("reference", "case_manager"),
}


class _Data:
    """Every text held in the database: what people and the demo wrote, shown as written."""

    def __init__(self) -> None:
        found: set[str] = set()
        for model in apps.get_models():
            for row in model._base_manager.values_list():
                for value in row:
                    found.update(n for s in _strings(value) if (n := _normal(s)))
        self.exact = found
        self.long = [text for text in found if len(text) > 20]
        names = {
            value
            for label, fields in NAMES.items()
            for row in apps.get_model(label)._base_manager.values_list(*fields)
            for value in row
            if value
        }
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        self.names = re.compile(rf"\b(?:{alternatives})\b") if names else None

    def holds(self, text: str) -> bool:
        """Whether ``text`` is data: written as stored, or its parts joined by the page
        ("Chair of the board: Janet Okoro")."""
        parts = [part.strip(EDGES) for part in re.split(r": | – ", text)]
        return all(
            part in self.exact or any(part in written for written in self.long)
            for part in parts
            if part
        )

    def without_names(self, text: str) -> str:
        return self.names.sub(" ", text) if self.names else text


def english_in(html: str, data: _Data) -> list[str]:
    """The texts of a page that have English words and are not data."""
    parser = _VisibleText()
    parser.feed(html)
    found = []
    for raw in parser.texts:
        text = _normal(raw)
        words = {w.lower() for w in WORD.findall(data.without_names(text))}
        if words & ENGLISH and not data.holds(text.rstrip("…").strip(EDGES)):
            found.append(text)
    return found


def _pages(client: Client, start: str) -> dict[str, str]:
    """One page of each kind the role reaches from ``start`` by following links."""
    seen_kinds: set[str] = set()
    pages: dict[str, str] = {}
    queue = [start]
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        try:
            kind = resolve(urlsplit(path).path).view_name
        except Resolver404:
            continue
        if kind in seen_kinds:
            continue
        seen_kinds.add(kind)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[path] = html
        for href in re.findall(r'<a [^>]*href="([^"#]+)', html):
            href = href.replace("&amp;", "&")
            if href.startswith("/") and not href.startswith(("//", *SKIPPED_PATHS)):
                queue.append(href)
    return pages


def _welsh(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    return client


def _report(pages: dict[str, str], data: _Data) -> dict[str, list[str]]:
    return {path: found for path, html in pages.items() if (found := english_in(html, data))}


def _message(role: str, offences: dict[str, list[str]]) -> str:
    lines = [f"English on {len(offences)} pages shown in Welsh to the {role}:"]
    for path, texts in offences.items():
        lines.append(f"  {path}")
        lines.extend(f"    {text[:120]!r}" for text in dict.fromkeys(texts))
    return "\n".join(lines)


@pytest.fixture
def users(demo: Any, make_user: Any) -> dict[str, Any]:
    return {
        "lead inspector": User.objects.get(username=demo_data.LEAD),
        "inspector": User.objects.get(username=demo_data.INSPECTOR),
        "YOT manager": User.objects.get(username=demo_data.YOT_MANAGER),
        "administrator": make_user("admin", role=User.Role.ADMINISTRATOR),
        "viewer": make_user("reader", role=User.Role.VIEWER),
    }


def test_the_extraction_leaves_out_other_languages_and_data() -> None:
    data = _Data.__new__(_Data)
    data.exact, data.long = {"Notes of the case manager"}, []
    data.names = re.compile(r"\b(?:lead)\b")
    html = (
        '<html lang="cy"><head><title>Eich arolygiadau</title><script>var the = 1;</script>'
        '</head><body><a href="/" lang="en-gb">English</a><p>Notes of the case manager</p>'
        '<p>Mae problem wedi codi</p><img alt="Chart of the cases"><br><p>Allgofnodi lead</p>'
        '<input type="submit" value="Save and continue"><p>Report of the inspection</p>'
        "</body></html>"
    )
    assert english_in(html, data) == [
        "Chart of the cases",
        "Save and continue",
        "Report of the inspection",
    ]


@pytest.mark.parametrize(
    "role", ["lead inspector", "inspector", "YOT manager", "administrator", "viewer"]
)
def test_pages_in_welsh_show_no_english(role: str, users: dict[str, Any]) -> None:
    pages = _pages(_welsh(client_for(users[role])), "/")
    assert len(pages) > 1, f"the {role} reached no page from the start page"
    offences = _report(pages, _Data())
    assert not offences, _message(role, offences)


@pytest.mark.django_db
def test_the_sign_in_page_in_welsh_shows_no_english() -> None:
    client = _welsh(Client())
    pages = {
        "/sign-in/": client.get("/sign-in/").content.decode(),
        "/sign-in/ (with errors)": client.post(
            "/sign-in/", {"username": "", "password": ""}
        ).content.decode(),
    }
    offences = _report(pages, _Data())
    assert not offences, _message("signed-out reader", offences)


@pytest.mark.parametrize("reference", [wales.REFERENCE, demo_data.REFERENCE])
def test_the_sample_page_in_welsh_shows_no_english(reference: str, users: dict[str, Any]) -> None:
    """The sample page words the eligible kinds of case and the reasons cases are left
    out in Welsh too."""
    path = f"/inspections/{reference}/sample/"
    response = _welsh(client_for(users["lead inspector"])).get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "dan oruchwyliaeth am" in html  # the eligibility rule, and any reasons, in Welsh
    offences = _report({path: html}, _Data())
    assert not offences, _message("lead inspector", offences)
