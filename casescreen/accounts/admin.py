"""People are managed here by administrators. A change of role or YOT is checked against
the team rule for every team the person is on; every account created, changed (its
password too) or deleted is recorded; nobody on a team is deleted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from casescreen.accounts.models import User
from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_changes, audit_record
from casescreen.inspections.access import team_member_refusal
from casescreen.inspections.models import Inspection, TeamMembership

AUDITED = ("username", "email", "role", "yot_id", "is_active", "is_staff", "is_superuser")


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
                    _("%(refusal)s (%(inspection)s): take them off that team first.")
                    % {
                        "refusal": f"{refusal[0].upper()}{refusal[1:]}",
                        "inspection": membership.inspection.reference,
                    },
                )
                break
        return cleaned


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "yot", "is_active", "last_login")
    list_filter = ("role", "is_active", "yot")
    list_select_related = ("yot",)
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("casescreen", {"fields": ("role", "yot", "phone")}),
    )
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("casescreen", {"fields": ("role", "yot")}))
    form = CheckedUserChangeForm

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            yot = f", {obj.yot.name}" if obj.yot else ""
            audit_record(
                user=request.user,
                action=AuditEvent.Action.CREATE,
                object_type="User",
                object_id=obj.pk,
                field="role",
                new=f"{obj.username} ({obj.role}{yot})",
            )
            return
        stored = User.objects.get(pk=obj.pk)
        before = {field: getattr(stored, field) for field in AUDITED}
        super().save_model(request, obj, form, change)
        after = {field: getattr(obj, field) for field in AUDITED}
        audit_changes(user=request.user, instance=obj, before=before, after=after)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        with transaction.atomic():
            account = self.get_object(request, unquote(id))
            response = super().user_change_password(request, id, form_url)
            if account is not None and (
                User.objects.filter(pk=account.pk).exclude(password=account.password).exists()
            ):
                # Set, or made unusable: the record says that it changed, never to what.
                audit_record(
                    user=request.user,
                    action=AuditEvent.Action.CHANGE,
                    object_type="User",
                    object_id=account.pk,
                    field="password",
                )
        return response

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        # Deleting an account would delete its places on teams with it, past the services'
        # rules (a published inspection's team is part of the record) and their records:
        # the admin shows them as what stops the delete.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        people = [person.pk for person in objs]
        for membership in TeamMembership.objects.filter(user__in=people).select_related(
            "user", "inspection"
        ):
            protected.append(_on_team(membership.user, membership.inspection))
        return deleted, counts, perms_needed, protected

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.delete_queryset(request, User.objects.filter(pk=obj.pk))

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for person in queryset:
            audit_record(
                user=request.user,
                action=AuditEvent.Action.DELETE,
                object_type="User",
                object_id=person.pk,
                field="username",
                old=person.username,
            )
        queryset.delete()


def _on_team(person: User, inspection: Inspection) -> str:
    if inspection.is_self_assessment:
        # A self-assessment is its YOT's: the inspectorate is not told which.
        return _(
            "%(username)s is on the team of a self-assessment: make the account inactive instead"
        ) % {"username": person.username}
    return _(
        "%(username)s is on the team of %(inspection)s: take them off the team first, or"
        " make the account inactive instead"
    ) % {"username": person.username, "inspection": inspection.reference}
