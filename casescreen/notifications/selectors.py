"""Reads of the emails sent for an inspection."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from casescreen.notifications.models import SentEmail


def emails_of(inspection: Any) -> QuerySet[SentEmail]:
    """Every sending, newest first, without the stored attachments."""
    return (
        SentEmail.objects.filter(inspection=inspection)
        .select_related("sent_by", "retry")
        .defer("attachment", "body", "retry__attachment", "retry__body")
    )


def overtaken() -> Exists:
    """A sending after which another of the same kind went: the YOT has the later one (a
    timetable emailed again as it now stands), so the earlier is not to be sent again."""
    return Exists(
        SentEmail.objects.filter(
            inspection=OuterRef("inspection"),
            kind=OuterRef("kind"),
            status=SentEmail.Status.SENT,
            pk__gt=OuterRef("pk"),
        )
    )


def unsent(inspection: Any) -> QuerySet[SentEmail]:
    """Failed sendings not yet retried nor overtaken: what still has to reach the YOT."""
    return (
        emails_of(inspection)
        .filter(status=SentEmail.Status.FAILED, retry__isnull=True)
        .exclude(overtaken())
    )
