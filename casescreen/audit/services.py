"""Writing audit events. Callers run inside their own transaction, so the record and the change land together."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

from casescreen.audit.models import AuditEvent


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def audit_event(
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
    """An unsaved audit event; save several together with ``AuditEvent.objects.bulk_create``."""
    actor = getattr(user, "username", None) or "system"
    return AuditEvent(
        user=user if getattr(user, "pk", None) else None,
        actor=actor,
        action=action,
        inspection=inspection,
        case=case,
        object_type=object_type,
        object_id=_text(object_id),
        field=field,
        old_value=_text(old),
        new_value=_text(new),
    )


def audit_insert(events: Sequence[AuditEvent]) -> None:
    """Write unsaved events in one statement: ``bulk_create``'s work for the answer save,
    which writes events on every change an inspector makes and could not afford building
    that INSERT with the ORM each time. The columns and values come from the model."""
    if not events:
        return
    fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    values = [f.get_db_prep_save(f.pre_save(e, True), connection) for e in events for f in fields]
    # One statement with a row per event (executemany would open a pipeline for it).
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {AuditEvent._meta.db_table} ({columns}) VALUES "  # noqa: S608 - names from the model
            + ", ".join([row] * len(events)),
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
    event = audit_event(
        user=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        inspection=inspection,
        case=case,
        field=field,
        old=old,
        new=new,
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
