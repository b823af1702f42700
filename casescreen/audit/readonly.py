"""Admins for records that are evidence: viewable for support, never edited there; and
none of them shows what belongs to a YOT's self-assessment."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet

# Inspection.Kind.SELF_ASSESSMENT: the inspections app sits above this one.
SELF_ASSESSMENT = "self_assessment"


class InspectorateAdmin(admin.ModelAdmin):
    """An admin of the inspectorate's records. A self-assessment belongs to its YOT and
    the inspectorate sees nothing of it (its cases, answers, team, audit trail), so the
    rows of self-assessments are left out of every list, filter and record here.

    ``inspection_path`` is the lookup from the model to its inspection ("" for the
    inspection itself); None for a model that belongs to no inspection."""

    inspection_path: str | None = None

    def get_queryset(self, request: Any) -> QuerySet[Any]:
        rows = super().get_queryset(request)
        if self.inspection_path is None:
            return rows
        return rows.exclude(**{f"{self.inspection_path}kind": SELF_ASSESSMENT})


class ReadOnlyAdmin(InspectorateAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
