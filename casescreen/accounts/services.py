"""Writes about people's accounts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_record


@transaction.atomic
def user_change_password(*, request: HttpRequest, user: Any, new_password: str) -> None:
    """Set the new password and keep only this session signed in.

    Every session stores a hash derived from the password; changing the password
    changes it, so Django signs out every other session on its next request.
    update_session_auth_hash also gives this session a new key."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    update_session_auth_hash(request, user)
    audit_record(
        user=user,
        action=AuditEvent.Action.CHANGE,
        object_type="User",
        object_id=user.pk,
        field="password",
    )


class AccountError(ValueError):
    """An account the rules do not allow; the message says what is wrong, about ``field``."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@transaction.atomic
def yot_auditor_create(
    *,
    user: Any,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
) -> Any:
    """A YOT manager gives one of their staff an account as an auditor of their own YOT
    (and of nothing else): auditors carry out the YOT's self-assessments."""
    User = get_user_model()
    if user.role != User.Role.YOT_MANAGER:
        raise AccountError(_("Only a YOT manager can add auditors."))
    # Django's own rule for a user name: normalised (NFKC, so that look-alike characters
    # are one name) and checked by the model's validator, as its admin and forms do.
    username = User.normalize_username(username.strip())
    if not username:
        raise AccountError(_("Enter the auditor's user name."), field="username")
    try:
        User.username_validator(username)
    except ValidationError as error:
        # The validator's own message is not in Welsh; this says the same in GOV.UK's way.
        raise AccountError(
            _("The user name must only include letters, numbers and the characters @ . + - _"),
            field="username",
        ) from error
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(
            _("The user name %(name)s is already taken.") % {"name": username}, field="username"
        )
    auditor = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        role=User.Role.YOT_AUDITOR,
        yot_id=user.yot_id,
    )
    try:
        # The fields' own limits: normalising can lengthen a name ("ﬃ" is "ffi").
        auditor.full_clean(exclude=["password"], validate_unique=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise AccountError(" ".join(messages), field=field) from error
    try:
        validate_password(password, auditor)
    except ValidationError as error:
        raise AccountError(" ".join(error.messages), field="password") from error
    auditor.set_password(password)
    auditor.save()
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        object_type="User",
        object_id=auditor.pk,
        field="role",
        new=f"{auditor.username} ({auditor.role}, {user.yot.name})",
    )
    return auditor
