from __future__ import annotations

from django.contrib import admin

from casescreen.audit.readonly import ReadOnlyAdmin
from casescreen.inspections.models import (
    CopyListContact,
    Inspection,
    InspectionTransition,
    TeamMembership,
    Yot,
)


@admin.register(Yot)
class YotAdmin(admin.ModelAdmin):
    list_display = ("name", "local_authority", "nation", "region")
    list_filter = ("nation", "region")
    search_fields = ("name", "local_authority")


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = (
        "reference",
        "yot",
        "fieldwork_start",
        "status",
        "framework_id",
        "framework_version",
    )
    list_filter = ("status", "yot__nation")
    search_fields = ("reference", "yot__name")
    date_hierarchy = "fieldwork_start"
    inlines = [TeamMembershipInline]


@admin.register(TeamMembership)
class TeamMembershipAdmin(admin.ModelAdmin):
    list_display = ("inspection", "user", "role")
    list_filter = ("role",)
    search_fields = ("inspection__reference", "user__username")


@admin.register(InspectionTransition)
class InspectionTransitionAdmin(ReadOnlyAdmin):
    list_display = ("inspection", "from_status", "to_status", "actor", "at")
    list_filter = ("to_status",)
    search_fields = ("inspection__reference", "actor")


@admin.register(CopyListContact)
class CopyListContactAdmin(admin.ModelAdmin):
    list_display = ("yot", "role_title", "name")
    search_fields = ("yot__name", "role_title")
