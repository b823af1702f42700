from __future__ import annotations

from django.contrib import admin

from casescreen.cases.models import Case, CaseIdentity


class CaseIdentityInline(admin.StackedInline):
    model = CaseIdentity
    extra = 0


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("reference", "inspection", "sentence_type", "sample_status", "case_manager")
    list_filter = ("sample_status", "sentence_type", "inspection")
    search_fields = ("reference", "inspection__reference")
    inlines = [CaseIdentityInline]
