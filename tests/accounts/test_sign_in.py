"""Sign-in throttling and sessions that end after inactivity."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

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


def _store(key: str | None) -> Any:
    """The session as the application reads and writes it (cache and database)."""
    from importlib import import_module

    return import_module(settings.SESSION_ENGINE).SessionStore(key)


def test_the_session_expires_after_inactivity_and_requests_renew_it(
    inspector: Any,
) -> None:
    from django.contrib.sessions.models import Session

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # Renewed by SessionRenewalMiddleware at most once a minute (see the next test).
    assert settings.SESSION_RENEW_SECONDS == 60
    client = Client()
    client.post("/sign-in/", {"username": inspector.username, "password": PASSWORD})
    key = client.session.session_key
    first_expiry = Session.objects.get(session_key=key).expire_date
    # A request renews the clock...
    assert client.get("/").status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed >= first_expiry
    # ...but once the idle time has passed the session is gone: its cached copy expires
    # with it, and the database's row is past its date.
    session = _store(key)
    session.set_expiry(-1)
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_a_request_renews_the_session_once_the_last_renewal_is_a_minute_old(
    inspector: Any,
) -> None:
    from django.contrib.sessions.models import Session

    client = Client()
    client.post("/sign-in/", {"username": inspector.username, "password": PASSWORD})
    key = client.session.session_key
    assert client.get("/").status_code == 200
    # Within the minute a request reads the session (from the cache) but does not write it.
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]] == []
    # Once the last renewal is more than a minute old, the next request renews the
    # expiry to a full idle period from now.
    session = _store(key)
    session["_renewed_at"] -= 61
    session.save()
    saved = Session.objects.get(session_key=key).expire_date
    before = timezone.now()
    assert client.get("/").status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > saved
    assert renewed >= before + timedelta(seconds=settings.SESSION_COOKIE_AGE)


@pytest.mark.parametrize("cache", ["locmem", "redis"])
def test_a_signed_out_session_is_refused_from_the_cache_too(
    inspector: Any, cache: str, settings: Any
) -> None:
    """Sessions are read from the cache: signing out must empty it there as well."""
    import uuid

    if cache == "redis":
        # Keys of this test only, in a database of the local Redis the app does not use.
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/15",
                "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            }
        }
    client = Client()
    client.post("/sign-in/", {"username": inspector.username, "password": PASSWORD})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/").status_code == 200
    assert _store(cookie).get("_auth_user_id") == str(inspector.pk)
    client.post("/sign-out/")
    stolen = Client()
    stolen.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = stolen.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_a_deactivated_person_is_signed_out_at_their_next_request(inspector: Any) -> None:
    client = Client()
    client.post("/sign-in/", {"username": inspector.username, "password": PASSWORD})
    assert client.get("/").status_code == 200
    inspector.is_active = False
    inspector.save(update_fields=["is_active"])
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize("cookie", ["not-a-session-key-at-all", "short", "x" * 40])
def test_an_unknown_session_cookie_is_a_signed_out_visitor(inspector: Any, cookie: str) -> None:
    from django.contrib.sessions.models import Session

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
    # Signing in from there starts a session of its own.
    client.post("/sign-in/", {"username": inspector.username, "password": PASSWORD})
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != cookie
    assert client.get("/").status_code == 200
    assert not Session.objects.filter(session_key=cookie).exists()


def _fail(client: Client, username: str, times: int, **headers: Any) -> None:
    for _ in range(times):
        client.post("/sign-in/", {"username": username, "password": "nope"}, **headers)


def _sign_in(client: Client, username: str, **headers: Any) -> int:
    response = client.post("/sign-in/", {"username": username, "password": PASSWORD}, **headers)
    return int(response.status_code)


def test_failures_for_one_name_do_not_lock_others_at_the_same_address(
    inspector: Any, lead_inspector: Any
) -> None:
    _fail(Client(), "no-such-person", settings.AXES_FAILURE_LIMIT + 2)
    _fail(Client(), lead_inspector.username, settings.AXES_FAILURE_LIMIT)

    assert _sign_in(Client(), inspector.username) == 302
    assert _sign_in(Client(), lead_inspector.username) == 429


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(inspector: Any) -> None:
    # A client cannot escape its lock by inventing a new address for each attempt...
    for i in range(settings.AXES_FAILURE_LIMIT):
        Client().post(
            "/sign-in/",
            {"username": inspector.username, "password": "nope"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}",
        )
    assert _sign_in(Client(), inspector.username, HTTP_X_FORWARDED_FOR="198.51.100.99") == 429
    # ...nor lock another address out by naming it.
    assert _sign_in(Client(), inspector.username, REMOTE_ADDR="192.0.2.7") == 302


@pytest.mark.parametrize("proxies", [1, 2])
def test_behind_trusted_proxies_clients_are_locked_apart(
    inspector: Any, settings: Any, proxies: int
) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies
    between = ", 10.0.0.9" * (proxies - 1)  # what the proxies after the first append
    first = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.1" + between}
    second = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.2" + between}
    _fail(Client(), inspector.username, settings.AXES_FAILURE_LIMIT, **first)

    assert _sign_in(Client(), inspector.username, **first) == 429
    # Addresses the client writes in front of the proxies' do not free it.
    spoofed = {**first, "HTTP_X_FORWARDED_FOR": "203.0.113.5, " + first["HTTP_X_FORWARDED_FOR"]}
    assert _sign_in(Client(), inspector.username, **spoofed) == 429
    assert _sign_in(Client(), inspector.username, **second) == 302


def test_signing_out_empties_what_the_site_kept_in_the_browser(inspector: Any) -> None:
    """The drafts of answers not yet saved are in the browser's storage; the next person
    at the same browser must not find them."""
    client = Client()
    client.post("/sign-in/", {"username": inspector.username, "password": PASSWORD})
    response = client.post("/sign-out/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"storage"'
    assert client.get("/").status_code == 302


def test_signing_out_after_the_session_ended_still_empties_the_browser(inspector: Any) -> None:
    """The person left a page open past the idle time, then chose "Sign out": the drafts
    in the browser go, and signing in again does not end on an error page."""
    from django.contrib.sessions.models import Session
    from django.core.cache import cache

    client = Client()
    client.post("/sign-in/", {"username": inspector.username, "password": PASSWORD})
    cache.clear()
    Session.objects.all().delete()

    response = client.post("/sign-out/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/"
    assert response["Clear-Site-Data"] == '"storage"'
    assert _sign_in(client, inspector.username) == 302
    assert client.get("/").status_code == 200


def test_a_signed_in_person_sent_to_the_sign_in_page_itself_goes_to_the_start_page(
    inspector: Any,
) -> None:
    client = Client()
    response = client.post(
        "/sign-in/?next=/sign-in/",
        {"username": inspector.username, "password": PASSWORD, "next": "/sign-in/"},
    )
    assert response["Location"] == "/"
    response = client.get("/sign-in/", {"next": "/sign-in/"})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_a_next_off_the_site_goes_to_the_start_page(inspector: Any, target: str) -> None:
    client = Client()
    response = client.post(
        "/sign-in/", {"username": inspector.username, "password": PASSWORD, "next": target}
    )
    assert response["Location"] == "/"
    assert client.get("/sign-in/", {"next": target})["Location"] == "/"
    assert client.post("/sign-out/", {"next": target})["Location"] == "/sign-in/"


def test_empty_fields_are_named_in_the_error_summary(db: Any) -> None:
    response = Client().post("/sign-in/", {"username": "", "password": ""})
    page = response.content.decode()
    assert '<li><a href="#id_username">Enter your username</a></li>' in page
    assert '<li><a href="#id_password">Enter your password</a></li>' in page


def test_a_user_name_too_long_for_anyone_is_refused_before_sign_in(db: Any) -> None:
    """Sent on, it would reach the record of failed sign-ins, whose column it does not fit
    (an error on PostgreSQL)."""
    from axes.models import AccessAttempt

    response = Client().post("/sign-in/", {"username": "a" * 300, "password": "nope"})
    page = response.content.decode()
    assert '<li><a href="#id_username">Username must be 150 characters or fewer</a></li>' in page
    assert "_auth_user_id" not in response.client.session
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize("typed", [" inspector ", "\uff49nspector"])  # fullwidth "i": NFKC
def test_failures_typed_with_spaces_or_look_alike_letters_count_against_the_name(
    inspector: Any, typed: str
) -> None:
    """Failures typed with spaces or look-alike letters count against the name itself, so
    they cannot be used to try more passwords than the limit allows."""
    _fail(Client(), typed, settings.AXES_FAILURE_LIMIT)
    assert _sign_in(Client(), inspector.username) == 429


def test_a_user_name_signs_in_however_its_letters_are_cased(inspector: Any) -> None:
    client = Client()
    assert _sign_in(client, "INSPECTOR") == 302
    assert client.session["_auth_user_id"] == str(inspector.pk)


def test_names_differing_only_in_case_each_sign_in_as_themselves(make_user: Any) -> None:
    """Older names may differ only in case: each signs in as itself, and the name in a third
    casing, which could be either, as nobody."""
    upper, lower = make_user("Ann"), make_user("ann")
    for person in (upper, lower):
        client = Client()
        assert _sign_in(client, person.username) == 302
        assert client.session["_auth_user_id"] == str(person.pk)
    client = Client()
    assert _sign_in(client, "ANN") == 200
    assert "_auth_user_id" not in client.session


def test_failures_in_any_casing_count_against_the_one_name(inspector: Any) -> None:
    name = inspector.username
    for i in range(settings.AXES_FAILURE_LIMIT):  # a different casing each time
        _fail(Client(), name[:i].upper() + name[i:], 1)
    assert _sign_in(Client(), inspector.username) == 429
