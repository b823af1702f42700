"""The audit trail: every change and every view of a case record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        CHANGE = "change", _("Changed")
        DELETE = "delete", _("Deleted")
        VIEW = "view", _("Viewed")
        PURGE = "purge", _("Purged")
        TRANSITION = "transition", _("Status changed")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # The (inspection, at) and (case, at) indexes serve the lookups by inspection and by
    # case, so the links need no index of their own.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    # Kept even if the account is later removed.
    actor = models.CharField(max_length=150)
    action = models.CharField(max_length=12, choices=Action.choices)
    inspection = models.ForeignKey(
        "inspections.Inspection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
        db_index=False,
    )
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
        db_index=False,
    )
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=60, blank=True)
    field = models.CharField(max_length=100, blank=True)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "at"]), models.Index(fields=["inspection", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_type}"
