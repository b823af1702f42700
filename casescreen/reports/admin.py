from __future__ import annotations

from django.contrib import admin

from casescreen.audit.readonly import ReadOnlyAdmin
from casescreen.reports.models import (
    Comment,
    ConsistencyOverride,
    PublishedFile,
    Report,
    ReportVersion,
)


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    """Reports are changed through their own pages, where every change is checked and audited."""

    inspection_path = "inspection__"

    list_display = ("inspection", "status", "version", "updated_at")
    list_filter = ("status",)
    search_fields = ("inspection__reference",)


@admin.register(ReportVersion)
class ReportVersionAdmin(ReadOnlyAdmin):
    """Frozen versions: published content is never edited."""

    inspection_path = "report__inspection__"

    list_display = ("report", "number", "published", "published_at", "content_hash")
    list_filter = ("published",)
    search_fields = ("report__inspection__reference",)


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    inspection_path = "report__inspection__"
    list_display = ("report", "paragraph_key", "author", "created_at")
    search_fields = ("report__inspection__reference", "paragraph_key")


@admin.register(ConsistencyOverride)
class ConsistencyOverrideAdmin(ReadOnlyAdmin):
    inspection_path = "report__inspection__"
    list_display = ("report", "problem_key", "by")
    search_fields = ("report__inspection__reference", "problem_key")


@admin.register(PublishedFile)
class PublishedFileAdmin(ReadOnlyAdmin):
    """The stored files of a published version: the record, never changed."""

    inspection_path = "version__report__inspection__"

    list_display = ("version", "kind", "size", "sha256")
    search_fields = ("version__report__inspection__reference", "sha256")
