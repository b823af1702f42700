"""Administrators manage people in the admin: every account created, changed (its password
too) or deleted there is recorded, and a refusal says what is wrong."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.urls import reverse

from casescreen.accounts.models import User
from casescreen.audit.models import AuditEvent

NEW_PASSWORD = "another long passphrase 77"


def _events() -> list[tuple[str, str, str, str, str]]:
    return list(
        AuditEvent.objects.filter(object_type="User")
        .order_by("id")
        .values_list("actor", "action", "field", "old_value", "new_value")
    )


def _change_form(user: Any, **fields: Any) -> dict[str, Any]:
    return {
        "username": user.username,
        "role": user.role,
        "date_joined_0": "2015-01-01",
        "date_joined_1": "00:00:00",
        "is_active": "on",
        **fields,
    }


def test_an_account_created_in_the_admin_is_recorded(administrator: Any, as_user: Any) -> None:
    response = as_user(administrator).post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newcomer",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
            "role": "inspector",
        },
    )

    assert response.status_code == 302
    created = User.objects.get(username="newcomer")
    assert _events() == [("administrator", "create", "role", "", "newcomer (inspector)")]
    assert AuditEvent.objects.get().object_id == str(created.pk)


def test_a_change_of_user_name_and_email_is_recorded(
    administrator: Any, inspector: Any, as_user: Any
) -> None:
    response = as_user(administrator).post(
        reverse("admin:accounts_user_change", args=[inspector.pk]),
        _change_form(inspector, username="ian.inspector", email="ian@example.org"),
    )

    assert response.status_code == 302
    assert _events() == [
        ("administrator", "change", "username", "inspector", "ian.inspector"),
        ("administrator", "change", "email", "", "ian@example.org"),
    ]


@pytest.mark.parametrize(
    "form", [{"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, {"unset-password": "1"}]
)
def test_a_password_set_in_the_admin_is_recorded_without_it(
    administrator: Any, inspector: Any, as_user: Any, form: dict[str, str]
) -> None:
    usable = "false" if "unset-password" in form else "true"
    response = as_user(administrator).post(
        reverse("admin:auth_user_password_change", args=[inspector.pk]),
        {**form, "usable_password": usable},
    )

    assert response.status_code == 302
    inspector.refresh_from_db()
    assert inspector.has_usable_password() == (usable == "true")
    assert _events() == [("administrator", "change", "password", "", "")]


def test_a_refused_password_in_the_admin_records_nothing(
    administrator: Any, inspector: Any, as_user: Any
) -> None:
    response = as_user(administrator).post(
        reverse("admin:auth_user_password_change", args=[inspector.pk]),
        {"password1": "short", "password2": "short", "usable_password": "true"},
    )

    assert response.status_code == 200
    assert _events() == []


def test_an_account_deleted_in_the_admin_is_recorded(
    administrator: Any, outsider: Any, viewer: Any, as_user: Any
) -> None:
    client = as_user(administrator)
    client.post(reverse("admin:accounts_user_delete", args=[outsider.pk]), {"post": "yes"})
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [viewer.pk], "post": "yes"},
    )

    assert not User.objects.filter(pk__in=[outsider.pk, viewer.pk]).exists()
    assert _events() == [
        ("administrator", "delete", "username", "outsider", ""),
        ("administrator", "delete", "username", "viewer", ""),
    ]


@pytest.mark.parametrize(
    "fields", [{"role": "yot_manager"}, {"role": "inspector", "yot": "YOT"}], ids=["no", "extra"]
)
def test_a_yot_given_to_the_wrong_role_is_refused_in_words(
    administrator: Any, inspector: Any, yot: Any, as_user: Any, fields: dict[str, Any]
) -> None:
    if fields.get("yot"):
        fields = {**fields, "yot": yot.pk}
    response = as_user(administrator).post(
        reverse("admin:accounts_user_change", args=[inspector.pk]),
        _change_form(inspector, **fields),
    )

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "A YOT manager or YOT auditor must have a YOT, and nobody else can have one." in page
    inspector.refresh_from_db()
    assert (inspector.role, inspector.yot_id) == ("inspector", None)
    assert _events() == []
