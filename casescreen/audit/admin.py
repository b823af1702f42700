from __future__ import annotations

from django.contrib import admin

from casescreen.audit.models import AuditEvent
from casescreen.audit.readonly import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the audit trail is never edited."""

    inspection_path = "inspection__"

    list_display = ("at", "actor", "action", "object_type", "object_id", "field")
    list_filter = ("action", "object_type")
    search_fields = ("actor", "object_id", "field")
