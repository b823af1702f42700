"""Reads of the emails sent for an inspection."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from casescreen.notifications.models import SentEmail

# Inspection.Status.FACTUAL_ACCURACY: the inspections app sits above this one.
FACTUAL_ACCURACY = "factual_accuracy"


def emails_of(inspection: Any) -> QuerySet[SentEmail]:
    """Every sending, newest first, without the stored attachments; each says whether its
    attachment was deleted (``attachment_deleted``) and whether it is out of date
    (``out_of_date``)."""
    return (
        SentEmail.objects.filter(inspection=inspection)
        .select_related("sent_by", "retry")
        .defer("attachment", "body", "retry__attachment", "retry__body")
        .annotate(
            attachment_deleted=ExpressionWrapper(attachment_deleted(), output_field=BooleanField()),
            out_of_date=ExpressionWrapper(out_of_date(), output_field=BooleanField()),
        )
    )


def attachment_deleted() -> Q:
    """A sending whose attachment named cases and was emptied by the purge of the
    inspection's personal data: it can never be sent again."""
    return ~Q(attachment_name="") & Q(attachment=b"")


def out_of_date() -> Q:
    """A request for the factual accuracy check once the check is over (the report
    published, or taken back to be redrafted): sent then, it would ask the YOT to check a
    draft that no longer waits for them."""
    return Q(kind=SentEmail.Kind.FACTUAL_ACCURACY) & ~Q(inspection__status=FACTUAL_ACCURACY)


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
    """Failed sendings not yet retried nor overtaken, and that can still be sent: what
    still has to reach the YOT."""
    return (
        emails_of(inspection)
        .filter(status=SentEmail.Status.FAILED, retry__isnull=True)
        .exclude(overtaken())
        .exclude(attachment_deleted())
        .exclude(out_of_date())
    )
