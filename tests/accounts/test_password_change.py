"""Changing a password: validators apply, and every other session is signed out."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import PASSWORD

NEW_PASSWORD = "a-much-longer-passphrase-2015"


def _signed_in(username: str) -> Client:
    client = Client()
    response = client.post("/sign-in/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_changing_the_password_signs_out_every_other_session(inspector: Any) -> None:
    laptop = _signed_in(inspector.username)
    phone = _signed_in(inspector.username)
    assert phone.get("/").status_code == 200

    response = laptop.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    inspector.refresh_from_db()
    assert inspector.check_password(NEW_PASSWORD)
    assert laptop.get("/").status_code == 200
    signed_out = phone.get("/")
    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith("/sign-in/")


def test_a_password_change_is_audited_without_the_password(inspector: Any) -> None:
    from casescreen.audit.models import AuditEvent

    _signed_in(inspector.username).post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    event = AuditEvent.objects.get(object_type="User", field="password")
    assert event.actor == inspector.username
    assert NEW_PASSWORD not in event.new_value and PASSWORD not in event.old_value


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("short1", "too short"),
        ("password1234", "too common"),
        ("182736459012", "entirely numeric"),
        ("inspector123", "too similar"),
    ],
)
def test_a_weak_new_password_is_refused(
    as_user: Any, inspector: Any, new: str, message: str
) -> None:
    response = as_user(inspector).post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    inspector.refresh_from_db()
    assert inspector.check_password(PASSWORD)


def test_the_wrong_old_password_is_refused(as_user: Any, inspector: Any) -> None:
    response = as_user(inspector).post(
        "/account/password/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 400
    inspector.refresh_from_db()
    assert inspector.check_password(PASSWORD)


def test_empty_fields_are_named_in_the_error_summary(as_user: Any, inspector: Any) -> None:
    response = as_user(inspector).post(
        "/account/password/", {"old_password": "", "new_password1": "", "new_password2": ""}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert '<li><a href="#id_old_password">Enter your old password</a></li>' in page
    assert '<li><a href="#id_new_password1">Enter a new password</a></li>' in page
    assert '<li><a href="#id_new_password2">Enter the new password again</a></li>' in page


def test_wrong_old_passwords_count_towards_the_sign_in_lock(as_user: Any, inspector: Any) -> None:
    from django.conf import settings

    client = as_user(inspector)
    wrong = {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/account/password/", wrong).status_code == 400
    locked = client.post("/account/password/", wrong)
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    # While the lock lasts even the right password changes nothing, nor signs in.
    right = {**wrong, "old_password": PASSWORD}
    assert client.post("/account/password/", right).status_code == 429
    inspector.refresh_from_db()
    assert inspector.check_password(PASSWORD)
    assert Client().post(
        "/sign-in/", {"username": "inspector", "password": PASSWORD}
    ).status_code == (429)
