from __future__ import annotations

from django.contrib import admin

from casescreen.assessments.models import Answer, Assessment, PracticeExample


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ("question_id", "value", "evidence", "version", "updated_by", "updated_at")
    readonly_fields = ("updated_at",)


class PracticeExampleInline(admin.StackedInline):
    model = PracticeExample
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("case", "inspector", "status", "framework_id", "framework_version")
    list_filter = ("status", "case__inspection")
    search_fields = ("case__reference",)
    inlines = [AnswerInline, PracticeExampleInline]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ("assessment", "question_id", "value", "updated_at")
    list_filter = ("question_id", "value")


@admin.register(PracticeExample)
class PracticeExampleAdmin(admin.ModelAdmin):
    list_display = ("assessment", "paragraph", "pseudonym", "created_at")
