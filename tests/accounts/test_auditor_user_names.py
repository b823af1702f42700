"""A YOT auditor's user name follows Django's rules for user names: normalised, and
checked by the user model's validator; a refusal shows on the user name field."""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

import pytest
from django.urls import reverse

from casescreen.accounts.models import User
from casescreen.accounts.services import AccountError, yot_auditor_create
from casescreen.audit.models import AuditEvent

PASSWORD = "a long enough passphrase 42"
REFUSED = "The user name must only include letters, numbers and the characters @ . + - _"


def _create(user: Any, username: str) -> Any:
    return yot_auditor_create(
        user=user, username=username, first_name="", last_name="", email="", password=PASSWORD
    )


@pytest.mark.parametrize("username", ["jo bloggs <x>", "jo/bloggs", "jo;bloggs", "<script>"])
def test_a_user_name_outside_django_s_rules_is_refused(yot_manager: Any, username: str) -> None:
    before = User.objects.count()
    with pytest.raises(AccountError, match="must only include letters") as refused:
        _create(yot_manager, username)
    assert refused.value.field == "username"
    assert User.objects.count() == before
    assert not AuditEvent.objects.filter(object_type="User").exists()


def test_a_user_name_is_normalised_as_django_does(yot_manager: Any) -> None:
    # A "fi" ligature and a combining accent: NFKC makes them "fi" and one "é".
    typed = "\ufb01ona.re\u0301mi"
    auditor = _create(yot_manager, typed)
    assert auditor.username == unicodedata.normalize("NFKC", typed) == "fiona.rémi"
    assert User.objects.filter(username="fiona.rémi").exists()
    # The same name typed the other way is the same name, so it is taken.
    with pytest.raises(AccountError, match="already taken"):
        _create(yot_manager, "fiona.rémi")


def test_the_auditors_page_shows_the_refusal_on_the_user_name(
    yot_manager: Any, as_user: Any
) -> None:
    response = as_user(yot_manager).post(
        reverse("self_assessment_auditors"),
        {"username": "jo bloggs <x>", "password": PASSWORD},
    )

    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert f'<a href="#id_username">{REFUSED}</a>' in page
    raw = response.content.decode()
    assert re.search(r'<input [^>]*class="govuk-input govuk-input--error" id="id_username">', raw)
    assert re.search(rf'id="id_username-error">.*{re.escape(REFUSED)}</p>', page)
    assert not User.objects.filter(role=User.Role.YOT_AUDITOR).exists()


@pytest.mark.parametrize(
    ("field", "data"),
    [
        # 150 characters typed, 450 once normalised: longer than a user name can be.
        ("username", {"username": "\ufb03" * 150}),
        # A valid address (labels of 60 characters) of 312 characters: the column holds 254.
        ("email", {"username": "jo", "email": "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "org"}),
    ],
)
def test_a_value_longer_than_its_field_is_refused_on_that_field(
    yot_manager: Any, as_user: Any, field: str, data: dict[str, str]
) -> None:
    response = as_user(yot_manager).post(
        reverse("self_assessment_auditors"), {**data, "password": PASSWORD}
    )

    assert response.status_code == 400
    assert f'<a href="#id_{field}">Ensure this value has at most' in response.content.decode()
    assert not User.objects.filter(role=User.Role.YOT_AUDITOR).exists()
    assert not AuditEvent.objects.filter(object_type="User").exists()
