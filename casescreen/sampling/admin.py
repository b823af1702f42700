from __future__ import annotations

from django.contrib import admin

from casescreen.audit.readonly import ReadOnlyAdmin
from casescreen.sampling.models import (
    ColumnMapping,
    SampleExclusion,
    SampleRecord,
    SamplingSettings,
)


@admin.register(SamplingSettings)
class SamplingSettingsAdmin(admin.ModelAdmin):
    list_display = ("inspection", "min_weeks", "max_months", "size_floor", "size_ceiling")
    search_fields = ("inspection__reference",)


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    list_display = ("yot", "updated_by", "updated_at")


@admin.register(SampleRecord)
class SampleRecordAdmin(ReadOnlyAdmin):
    """The record of how a sample was drawn is evidence: never edited."""

    list_display = ("inspection", "seed", "size", "population_size", "drawn_by", "drawn_at")
    search_fields = ("inspection__reference",)


@admin.register(SampleExclusion)
class SampleExclusionAdmin(ReadOnlyAdmin):
    list_display = ("sample", "case", "reason", "replacement", "excluded_at")
