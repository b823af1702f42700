from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from casescreen.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "yot", "is_active", "last_login")
    list_filter = ("role", "is_active", "yot")
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("casescreen", {"fields": ("role", "yot")}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("casescreen", {"fields": ("role", "yot")}))
