"""Writes about people's accounts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.http import HttpRequest

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
