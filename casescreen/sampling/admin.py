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
class SamplingSettingsAdmin(ReadOnlyAdmin):
    """Changed on the sample page, whose service refuses a change once the sample is drawn
    and records it."""

    inspection_path = "inspection__"
    list_display = ("inspection", "min_weeks", "max_months", "size_floor", "size_ceiling")
    search_fields = ("inspection__reference",)


@admin.register(ColumnMapping)
class ColumnMappingAdmin(ReadOnlyAdmin):
    """Remembered by the case list's import, from the columns the lead inspector matched."""

    list_display = ("yot", "updated_by", "updated_at")
    list_select_related = ("yot", "updated_by")


@admin.register(SampleRecord)
class SampleRecordAdmin(ReadOnlyAdmin):
    """The record of how a sample was drawn is evidence: never edited."""

    inspection_path = "inspection__"

    list_display = ("inspection", "seed", "size", "population_size", "drawn_by", "drawn_at")
    list_select_related = ("inspection", "drawn_by")
    search_fields = ("inspection__reference",)


@admin.register(SampleExclusion)
class SampleExclusionAdmin(ReadOnlyAdmin):
    inspection_path = "sample__inspection__"
    list_display = ("sample", "case", "reason", "replacement", "excluded_at")
    list_select_related = ("sample__inspection", "case", "replacement")
