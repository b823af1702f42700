"""Every email the service sends, kept as sent so that a failed one can be sent again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SentEmail(models.Model):
    """One sending of one message: who sent it, to whom, what, and whether it went.

    Subjects and bodies carry nothing about a child or a case (the tests hold every
    template to it). An attachment may: the interview timetable lists each case by its
    reference with its case manager (never the child), so the purge of personal data
    empties the timetable's attachment and keeps its name; a sending whose attachment
    was emptied cannot be sent again."""

    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", _("Announcement letter")
        TIMETABLE = "timetable", _("Interview timetable")
        FACTUAL_ACCURACY = "factual_accuracy", _("Factual accuracy check started")
        PUBLISHED = "published", _("Report published")

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Not sent")

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="emails"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)
    # Addresses, comma-separated; empty when none was held for the recipient.
    to = models.TextField(blank=True)
    # As sent, however long: a YOT in Wales is written to with both languages' subjects,
    # each naming the YOT (up to 200 characters a name).
    subject = models.TextField()
    body = models.TextField()
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment = models.BinaryField(blank=True, editable=False, default=b"")
    status = models.CharField(max_length=10, choices=Status.choices)
    error = models.TextField(blank=True)
    # A failed sending is retried once: the retry is a sending of its own.
    retry_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="retry"
    )

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["sent", "failed"]), name="sent_email_status"
            ),
            models.CheckConstraint(
                condition=models.Q(status="sent") | ~models.Q(error=""),
                name="sent_email_failure_says_why",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.to or 'nobody'} ({self.status})"

    @property
    def recipients(self) -> list[str]:
        return [address for address in self.to.split(",") if address]
