"""Actions: what a YOT will do about an area for improvement its self-assessment found,
with an owner and a due date, followed up on its next self-assessment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ACTION_TEXT_MAX = 1000


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    # The self-assessment whose findings it answers; the YOT's later ones show it.
    self_assessment = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="actions"
    )
    text = models.TextField(max_length=ACTION_TEXT_MAX)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="actions_owned"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(null=True, blank=True)
    # Who wrote it is also in the audit trail; the action outlives their account.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", done_on__isnull=True)
                | models.Q(status="done", done_on__isnull=False),
                name="action_done_on_when_done",
            )
        ]

    def __str__(self) -> str:
        return f"{self.text[:40]} (due {self.due_on})"
