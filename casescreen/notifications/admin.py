from __future__ import annotations

from django.contrib import admin

from casescreen.audit.readonly import ReadOnlyAdmin
from casescreen.notifications.models import SentEmail


@admin.register(SentEmail)
class SentEmailAdmin(ReadOnlyAdmin):
    """The record of what was sent: failed emails are sent again from the inspection."""

    inspection_path = "inspection__"

    list_display = ("inspection", "kind", "to", "status", "at", "actor")
    list_filter = ("kind", "status")
    search_fields = ("inspection__reference", "to", "subject")
    exclude = ("attachment",)
