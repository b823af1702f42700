"""People are managed here by administrators. A change of role or YOT is checked against
the team rule for every team the person is on, and recorded."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.http import HttpRequest

from casescreen.accounts.models import User
from casescreen.audit.services import audit_changes
from casescreen.inspections.access import team_member_refusal

AUDITED = ("role", "yot_id", "is_active", "is_staff", "is_superuser")


class CheckedUserChangeForm(UserChangeForm):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        proposed = User(
            username=self.instance.username,
            role=cleaned.get("role") or self.instance.role,
            yot=cleaned.get("yot"),
        )
        for membership in self.instance.memberships.select_related("inspection"):
            refusal = team_member_refusal(proposed, membership.inspection)
            if refusal:
                self.add_error(
                    "role",
                    f"{refusal[0].upper()}{refusal[1:]} ({membership.inspection.reference}): "
                    "take them off that team first.",
                )
                break
        return cleaned


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "yot", "is_active", "last_login")
    list_filter = ("role", "is_active", "yot")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("casescreen", {"fields": ("role", "yot", "phone")}),
    )
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("casescreen", {"fields": ("role", "yot")}))
    form = CheckedUserChangeForm

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = {}
        if change:
            stored = User.objects.get(pk=obj.pk)
            before = {field: getattr(stored, field) for field in AUDITED}
        super().save_model(request, obj, form, change)
        if change:
            after = {field: getattr(obj, field) for field in AUDITED}
            audit_changes(user=request.user, instance=obj, before=before, after=after)
