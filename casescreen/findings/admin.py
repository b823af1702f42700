from __future__ import annotations

from django.contrib import admin

from casescreen.audit.readonly import ReadOnlyAdmin
from casescreen.findings.models import StandardJudgement


@admin.register(StandardJudgement)
class StandardJudgementAdmin(ReadOnlyAdmin):
    """Viewable for support; recorded on the ratings page only, where the service checks
    who may rate, the framework's scale and frozen records, and writes the audit record."""

    inspection_path = "inspection__"

    list_display = ["inspection", "standard", "rating", "updated_by", "updated_at"]
    list_select_related = ["inspection", "updated_by"]
    list_filter = ["rating"]
    search_fields = ["inspection__reference", "standard"]
