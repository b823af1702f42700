"""Writing audit events. Callers run inside their own transaction, so the record and the change land together."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from django.db import connection

from casescreen.audit.models import AuditEvent


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


@cache
def _insert_columns() -> tuple[list[str], str]:
    """AuditEvent's columns but the key, as attribute names and as quoted column names."""
    fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    return [f.attname for f in fields], ", ".join(
        connection.ops.quote_name(str(f.column)) for f in fields
    )


def audit_insert(rows: Sequence[dict[str, Any]]) -> None:
    """Write audit rows in one statement, for the answer save, which writes them on every
    change an inspector makes and could not afford building model instances and their
    INSERT with the ORM each time. Each row gives every column but the key, by attribute
    name (``user_id``), with its value as the database takes it."""
    if not rows:
        return
    names, columns = _insert_columns()
    row = "(" + ", ".join(["%s"] * len(names)) + ")"
    values = [r[name] for r in rows for name in names]
    # One statement with a row per event (executemany would open a pipeline for it).
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {AuditEvent._meta.db_table} ({columns}) VALUES "  # noqa: S608 - names from the model
            + ", ".join([row] * len(rows)),
            values,
        )


def audit_record(
    *,
    user: Any,
    action: str,
    object_type: str,
    object_id: object = "",
    inspection: Any = None,
    case: Any = None,
    field: str = "",
    old: object = None,
    new: object = None,
) -> AuditEvent:
    """Write one audit event."""
    event = AuditEvent(
        user=user if getattr(user, "pk", None) else None,
        actor=getattr(user, "username", None) or "system",
        action=action,
        inspection=inspection,
        case=case,
        object_type=object_type,
        object_id=_text(object_id),
        field=field,
        old_value=_text(old),
        new_value=_text(new),
    )
    event.save(force_insert=True)
    return event


def audit_changes(
    *,
    user: Any,
    instance: Any,
    before: dict[str, object],
    after: dict[str, object],
    inspection: Any = None,
    case: Any = None,
) -> list[AuditEvent]:
    """One CHANGE event per field whose value differs."""
    events = []
    for field, old in before.items():
        new = after.get(field)
        if old != new:
            events.append(
                audit_record(
                    user=user,
                    action=AuditEvent.Action.CHANGE,
                    object_type=type(instance).__name__,
                    object_id=instance.pk,
                    inspection=inspection,
                    case=case,
                    field=field,
                    old=old,
                    new=new,
                )
            )
    return events
