"""The access log export: who viewed or changed which record of an inspection, and when."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.db import transaction
from django.http import HttpRequest, StreamingHttpResponse

from casescreen.audit.models import AuditEvent
from casescreen.audit.selectors import inspection_access_log
from casescreen.audit.services import audit_record
from casescreen.inspections.access import get_inspection_for_user, require_administrator

HEADER = ["when", "who", "action", "record", "record id", "case", "field"]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: str) -> str:
    # A spreadsheet would run a cell starting with one of these as a formula.
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


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
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow(HEADER)
        # Old and new values stay out: they may hold evidence text about a child.
        for event in events.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    event.at.isoformat(),
                    _cell(event.actor),
                    event.action,
                    _cell(event.object_type),
                    _cell(event.object_id),
                    _cell(event.case.reference) if event.case else "",
                    _cell(event.field),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{inspection.reference}-access-log.csv"'
    )
    return response
