"""The admin site covers every model, for support, and its lists open with real data."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin
from django.urls import reverse

OUR_APPS = {
    "accounts",
    "audit",
    "inspections",
    "cases",
    "assessments",
    "sampling",
    "reports",
    "reoffending",
}


# A pending upload is the raw file a YOT sent, names and all: kept out of sight
# until the lead inspector confirms or it is purged.
NOT_IN_ADMIN = {"ImportUpload"}


def test_every_model_of_ours_is_in_the_admin() -> None:
    ours = {m for m in apps.get_models() if m._meta.app_label in OUR_APPS}
    inline = {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    missing = sorted(
        m.__name__
        for m in ours
        if m not in admin.site._registry and m not in inline and m.__name__ not in NOT_IN_ADMIN
    )
    assert missing == []


def test_every_admin_list_and_record_opens_for_an_administrator(
    demo: Any, administrator: Any, as_user: Any
) -> None:
    client = as_user(administrator)
    for model in admin.site._registry:
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        first = model._default_manager.first()
        if first is not None:
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            assert client.get(change).status_code == 200, change


def test_evidence_records_cannot_be_edited_in_the_admin(
    demo: Any, administrator: Any, as_user: Any
) -> None:
    from casescreen.audit.models import AuditEvent

    client = as_user(administrator)
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    event = AuditEvent.objects.create(actor="x", action="view", object_type="Case")
    response = client.post(
        reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
