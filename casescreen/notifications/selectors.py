"""Reads of the emails sent for an inspection."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from casescreen.notifications.models import SentEmail


def emails_of(inspection: Any) -> QuerySet[SentEmail]:
    """Every sending, newest first, without the stored attachments."""
    return (
        SentEmail.objects.filter(inspection=inspection)
        .select_related("sent_by", "retry")
        .defer("attachment", "body", "retry__attachment", "retry__body")
    )


def unsent(inspection: Any) -> QuerySet[SentEmail]:
    """Failed sendings not yet retried: what still has to reach the YOT."""
    return emails_of(inspection).filter(status=SentEmail.Status.FAILED, retry__isnull=True)
