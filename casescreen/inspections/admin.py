"""The admin is for support: inspections are planned through the planning services and
never changed here; a team is changed only through its service, with the team rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from casescreen.audit.readonly import InspectorateAdmin, ReadOnlyAdmin
from casescreen.inspections.access import team_member_refusal
from casescreen.inspections.models import (
    CopyListContact,
    Inspection,
    InspectionTransition,
    TeamMembership,
    Yot,
)
from casescreen.inspections.services import (
    PlanningError,
    inspection_create,
    published_frameworks,
    team_frozen_refusal,
    team_member_add,
    team_member_remove,
)


@admin.register(Yot)
class YotAdmin(ReadOnlyAdmin):
    """Added and changed on the register's pages, whose services keep names unique
    (ignoring case) and record every change."""

    list_display = ("name", "local_authority", "nation", "region")
    list_filter = ("nation", "region")
    search_fields = ("name", "local_authority")


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    fields = ("user", "role")

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


def _framework_choices() -> list[tuple[str, str]]:
    return [(f"{i}@{v}", f"{i} version {v}") for i, v in published_frameworks()]


class InspectionPlanForm(forms.ModelForm):
    framework = forms.ChoiceField(
        label=gettext_lazy("Question set"),
        choices=_framework_choices,
        help_text=gettext_lazy("Published question sets."),
    )

    class Meta:
        model = Inspection
        fields = ["yot", "reference", "fieldwork_start", "fieldwork_end"]


@admin.register(Inspection)
class InspectionAdmin(InspectorateAdmin):
    """Planned here (through ``inspection_create``), never edited: the status moves on the
    inspection's own pages, with their checks and record."""

    inspection_path = ""

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
    form = InspectionPlanForm

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        framework_id, _, version = form.cleaned_data["framework"].partition("@")
        created = inspection_create(
            user=request.user,
            yot=obj.yot,
            reference=obj.reference,
            framework_id=framework_id,
            framework_version=version,
            fieldwork_start=obj.fieldwork_start,
            fieldwork_end=obj.fieldwork_end,
        )
        obj.pk = created.pk


class TeamMembershipForm(forms.ModelForm):
    class Meta:
        model = TeamMembership
        fields = ["inspection", "user", "role"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        user, inspection = cleaned.get("user"), cleaned.get("inspection")
        if inspection is not None and team_frozen_refusal(inspection):
            self.add_error("inspection", team_frozen_refusal(inspection))
        elif user is not None and inspection is not None:
            refusal = team_member_refusal(user, inspection)
            if refusal:
                self.add_error("user", refusal[0].upper() + refusal[1:] + ".")
        return cleaned


@admin.register(TeamMembership)
class TeamMembershipAdmin(InspectorateAdmin):
    """Added and removed through the team services (the rule, the audit record); a
    member's role is changed by removing and adding them."""

    inspection_path = "inspection__"

    list_display = ("inspection", "user", "role")
    list_filter = ("role",)
    search_fields = ("inspection__reference", "user__username")
    autocomplete_fields = ("user",)
    form = TeamMembershipForm

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        created = team_member_add(
            user=request.user, inspection=obj.inspection, member=obj.user, role=obj.role
        )
        obj.pk = created.pk

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        # A frozen team's member stays: shown as what stops the delete, before anything is
        # deleted or reported deleted.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        chosen = TeamMembership.objects.filter(pk__in=[membership.pk for membership in objs])
        for membership in chosen.select_related("user", "inspection"):
            refusal = team_frozen_refusal(membership.inspection)
            if refusal:
                protected.append(f"{membership}: {refusal}")
        return deleted, counts, perms_needed, protected

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        try:
            team_member_remove(user=request.user, membership=obj)
        except PlanningError as error:
            messages.error(request, str(error))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for membership in queryset.select_related("inspection", "user"):
            self.delete_model(request, membership)


@admin.register(InspectionTransition)
class InspectionTransitionAdmin(ReadOnlyAdmin):
    inspection_path = "inspection__"
    list_display = ("inspection", "from_status", "to_status", "actor", "at")
    list_filter = ("to_status",)
    search_fields = ("inspection__reference", "actor")


@admin.register(CopyListContact)
class CopyListContactAdmin(ReadOnlyAdmin):
    """Changed on the YOT's copy list page, which records every change."""

    list_display = ("yot", "role_title", "name")
    search_fields = ("yot__name", "role_title")
