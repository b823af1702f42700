"""The inspection's access log: who viewed or changed which of its records, and when."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse

from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_record
from casescreen.inspections.access import get_inspection_for_user, require_administrator
from casescreen.inspections.models import Inspection
from casescreen.lib.csvfiles import csv_lines


def inspection_access_log(inspection: Inspection) -> QuerySet[AuditEvent]:
    """Every view and change recorded against the inspection or one of its cases, oldest first."""
    return (
        AuditEvent.objects.filter(inspection=inspection).select_related("case").order_by("at", "id")
    )


HEADER = ["when", "who", "action", "record", "record id", "case", "field"]


def inspection_access_log_csv(request: HttpRequest, reference: str) -> StreamingHttpResponse:
    inspection = get_inspection_for_user(request.user, reference)
    require_administrator(request.user)
    with transaction.atomic():
        audit_record(
            user=request.user,
            action=AuditEvent.Action.VIEW,
            object_type="AccessLog",
            object_id=inspection.pk,
            inspection=inspection,
        )
    events = inspection_access_log(inspection)
    # Old and new values stay out: they may hold evidence text about a child.
    rows = (
        [
            event.at.isoformat(),
            event.actor,
            event.action,
            event.object_type,
            event.object_id,
            event.case.reference if event.case else "",
            event.field,
        ]
        for event in events.iterator(chunk_size=2000)
    )
    response = StreamingHttpResponse(
        csv_lines(HEADER, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{inspection.reference}-access-log.csv"'
    )
    return response
