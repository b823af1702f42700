from __future__ import annotations

from django.contrib import admin

from casescreen.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is never edited."""

    list_display = ("at", "actor", "action", "object_type", "object_id", "field")
    list_filter = ("action", "object_type")
    search_fields = ("actor", "object_id", "field")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
