"""Cases are evidence: the admin lists them for support and never edits them. A child's
name is not shown here at all: names are read on the case pages, which record the view."""

from __future__ import annotations

from django.contrib import admin

from casescreen.audit.readonly import ReadOnlyAdmin
from casescreen.cases.models import Case


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    inspection_path = "inspection__"
    list_display = ("reference", "inspection", "sentence_type", "sample_status", "case_manager")
    list_filter = (
        "sample_status",
        "sentence_type",
        ("inspection", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("reference", "inspection__reference")
