"""The language switch: a link at the top of every page that keeps the reader on it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from casescreen.lib.forms import character_count_messages

COOKIE = settings.LANGUAGE_COOKIE_NAME


def _html_lang(content: bytes) -> str:
    found = re.search(rb'<html lang="([^"]+)"', content)
    assert found, "no <html lang>"
    return found.group(1).decode()


@pytest.mark.django_db
def test_switching_signed_out_returns_to_the_same_page_in_welsh() -> None:
    client = Client()
    response = client.get("/language/cy/", {"next": "/sign-in/?next=/inspections/"})
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/inspections/"
    assert response.cookies[COOKIE].value == "cy"
    assert response.cookies[COOKIE]["httponly"]
    page = client.get(response["Location"])
    assert _html_lang(page.content) == "cy"
    assert "Mewngofnodi" in page.content.decode()
    # Back to English the same way.
    response = client.get("/language/en-gb/", {"next": "/sign-in/"})
    assert response.cookies[COOKIE].value == "en-gb"
    assert _html_lang(client.get("/sign-in/").content) == "en-gb"


@pytest.mark.django_db
def test_english_is_the_default_and_the_switch_offers_welsh() -> None:
    content = Client().get("/sign-in/?next=/a/").content.decode()
    assert _html_lang(content.encode()) == "en-gb"
    # The current language is not a link; the other one comes back to this page.
    assert re.search(
        r'<span class="govuk-language-navigation__text" lang="en-gb" aria-current="true">'
        r"English</span>",
        content,
    )
    link = re.search(r'<a class="govuk-language-navigation__link" href="([^"]+)"([^>]*)>', content)
    assert link, "no link to the other language"
    assert link.group(1) == "/language/cy/?next=/sign-in/%3Fnext%3D/a/"
    assert 'lang="cy"' in link.group(2) and 'hreflang="cy"' in link.group(2)


@pytest.mark.django_db
def test_signed_in_pages_keep_the_chosen_language(inspector: Any, as_user: Any) -> None:
    client = as_user(inspector)
    client.get("/language/cy/", {"next": "/"})
    content = client.get("/").content.decode()
    assert _html_lang(content.encode()) == "cy"
    assert "Eich arolygiadau" in content
    assert '<span class="govuk-language-navigation__text" lang="cy" aria-current="true">' in (
        content
    )
    assert 'lang="en-gb" hreflang="en-gb"' in content


OFF_SITE = ["https://elsewhere.example/", "//elsewhere.example/", "javascript:alert(1)", ""]


@pytest.mark.parametrize("target", OFF_SITE)
@pytest.mark.django_db
def test_a_next_off_this_site_goes_to_the_sign_in_page_signed_out(target: str) -> None:
    response = Client().get("/language/cy/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/"
    assert response.cookies[COOKIE].value == "cy"


@pytest.mark.parametrize("target", OFF_SITE)
def test_a_next_off_this_site_goes_to_the_start_page_signed_in(
    target: str, inspector: Any, as_user: Any
) -> None:
    response = as_user(inspector).get("/language/cy/", {"next": target})
    assert response["Location"] == "/"
    assert response.cookies[COOKIE].value == "cy"


@pytest.mark.django_db
def test_an_unknown_language_is_not_found_and_sets_nothing() -> None:
    response = Client().get("/language/fr/", {"next": "/sign-in/"})
    assert response.status_code == 404
    assert COOKIE not in response.cookies


def test_the_character_count_speaks_the_page_language() -> None:
    with translation.override("cy"):
        welsh = dict(character_count_messages())
    with translation.override("en-gb"):
        english = dict(character_count_messages())
    # Every plural category of Welsh has its message, with GOV.UK Frontend's placeholder.
    for category in ("zero", "one", "two", "few", "many", "other"):
        assert welsh[f"characters-under-limit.{category}"] == "Mae gennych %{count} nod ar ôl"
        assert welsh[f"characters-over-limit.{category}"] == "Mae gennych %{count} nod yn ormod"
    assert english["characters-under-limit.one"] == "You have %{count} character remaining"
    assert english["characters-under-limit.other"] == "You have %{count} characters remaining"
    assert english["characters-at-limit"] == "You have 0 characters remaining"
