"""A page sent after its sender's session ended (``accounts.kept_post``), as a browser does."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse


def opened_page(client: Client, page: str) -> str:
    """The page as its form arrives in the browser: the signed sender field."""
    html = client.get(page).content.decode()
    match = re.search(r'name="sender" value="([^"]+)"', html)
    assert match is not None
    return match[1]


def session_ends() -> None:
    """Thirty minutes without a request: the session is gone from the cache and the table,
    and the browser still sends its cookie."""
    cache.clear()
    Session.objects.all().delete()


def send_after_the_session_ended(client: Client, page: str, data: dict[str, Any]) -> dict[str, Any]:
    """Open the page, let the session end, then send ``data`` with the form's sender (unless
    ``data`` names one): the answer is the sign-in page. Returns what was sent."""
    sent = {"sender": opened_page(client, page), **data}
    session_ends()
    response = client.post(page, sent)
    assert response.status_code == 302
    # The page's address, query included, as Django's redirect_to_login escapes it.
    assert response["Location"] == f"{reverse('login')}?{urlencode({'next': page}, safe='/')}"
    return sent
