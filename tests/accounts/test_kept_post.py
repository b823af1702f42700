"""A page sent signed out is kept in a session only when a signed-in person opened it
(``accounts.kept_post``): nobody else can ever be shown it."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from casescreen.accounts.kept_post import KEY, sender_token


def _session(client: Client) -> Any:
    from importlib import import_module

    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return import_module(settings.SESSION_ENGINE).SessionStore(cookie.value if cookie else None)


@pytest.mark.parametrize(("sender", "kept"), [("opened", True), ("forged", False), ("", False)])
def test_only_a_page_opened_signed_in_is_kept_across_sign_in(
    inspector: Any, sender: str, kept: bool
) -> None:
    client = Client()
    page = reverse("theme", args=["testshire-2015-06", "TS1001", "1"])
    token = sender_token(inspector) if sender == "opened" else sender
    response = client.post(page, {"sender": token, "evidence": "x" * 100_000})

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
    assert (KEY in _session(client)) is kept
