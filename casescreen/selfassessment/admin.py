from __future__ import annotations

from typing import Any

from django.contrib import admin

from casescreen.selfassessment.models import Action


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    """Read only: actions change on the self-assessment's page, whose services check
    their rules and keep the audit trail."""

    list_display = ("self_assessment", "text", "owner", "due_on", "status")
    list_filter = ("status",)

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
