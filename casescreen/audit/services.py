"""Writing audit events. Callers run inside their own transaction, so the record and the change land together."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
    """One audit event, not yet written: several are written in one statement with
    ``AuditEvent.objects.bulk_create``."""
    return AuditEvent(
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


def audit_fields(
    *,
    user: Any,
    action: str,
    object_type: str,
    object_id: object,
    inspection: Any,
    case: Any,
    changed: Mapping[str, tuple[object, object]],
) -> None:
    """One event per field of ``changed`` (field: (old, new)), written in one statement."""
    AuditEvent.objects.bulk_create(
        audit_event(
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
        for field, (old, new) in changed.items()
    )


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
