"""Assessments, answers and practice examples are evidence: changed only on the case
pages, where every change is versioned, checked against the freeze and audited."""

from __future__ import annotations

from django.contrib import admin

from casescreen.assessments.models import Answer, Assessment, PracticeExample
from casescreen.audit.readonly import ReadOnlyAdmin


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    inspection_path = "case__inspection__"
    list_display = ("case", "inspector", "status", "framework_id", "framework_version")
    list_select_related = ("case", "inspector")
    list_filter = ("status", ("case__inspection", admin.RelatedOnlyFieldListFilter))
    search_fields = ("case__reference",)


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    inspection_path = "assessment__case__inspection__"
    list_display = ("assessment", "question_id", "value", "version", "updated_at")
    list_filter = ("question_id", "value")


@admin.register(PracticeExample)
class PracticeExampleAdmin(ReadOnlyAdmin):
    inspection_path = "assessment__case__inspection__"
    list_display = ("assessment", "paragraph", "pseudonym", "created_at")
