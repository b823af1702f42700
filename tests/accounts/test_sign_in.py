"""Sign-in throttling and sessions that end after inactivity."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client

from tests.conftest import PASSWORD


def test_repeated_failures_lock_the_account_with_a_clear_message(inspector: Any) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/sign-in/", {"username": inspector.username, "password": "nope"})
        assert response.status_code == 200
        assert b"Too many failed sign-in attempts" not in response.content
    locked = client.post("/sign-in/", {"username": inspector.username, "password": "nope"})
    assert locked.status_code == 429
    assert b"Too many failed sign-in attempts" in locked.content
    # Even the right password is refused while the lock lasts.
    again = Client().post("/sign-in/", {"username": inspector.username, "password": PASSWORD})
    assert again.status_code == 429
    assert "_auth_user_id" not in again.client.session


def test_a_successful_sign_in_resets_the_failure_count(inspector: Any) -> None:
    from axes.models import AccessAttempt

    client = Client()
    client.post("/sign-in/", {"username": inspector.username, "password": "nope"})
    assert AccessAttempt.objects.filter(username=inspector.username).exists()
    client.post("/sign-in/", {"username": inspector.username, "password": PASSWORD})
    assert not AccessAttempt.objects.filter(username=inspector.username).exists()


def test_the_session_expires_after_inactivity_and_each_request_renews_it(
    inspector: Any,
) -> None:
    from django.contrib.sessions.models import Session

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    client = Client()
    client.post("/sign-in/", {"username": inspector.username, "password": PASSWORD})
    key = client.session.session_key
    session = Session.objects.get(session_key=key)
    first_expiry = session.expire_date
    # A request renews the clock...
    assert client.get("/").status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed >= first_expiry
    # ...but once the idle time has passed the session is gone.
    Session.objects.filter(session_key=key).update(expire_date=first_expiry.replace(year=2000))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
