"""The timetable as CSV and PDF. Neither names a child: a case is its reference, with its
case manager and inspector, as in the announcement pack the YOT receives."""

from __future__ import annotations

from django.template.loader import render_to_string

from casescreen.fieldwork import selectors
from casescreen.inspections.models import Inspection
from casescreen.lib.csvfiles import write_csv
from casescreen.lib.pdf import html_to_pdf

HEADERS = ("Date", "Start", "End", "Case reference", "Case manager", "Inspector")


def timetable_rows(inspection: Inspection) -> list[tuple[str, str, str, str, str, str]]:
    """The booked interviews in time order, then by inspector."""
    booked = [c for c in selectors.sampled_cases(inspection) if c.scheduled]
    booked.sort(key=lambda c: (c.day, c.start, c.inspector, c.reference))
    return [
        (
            f"{c.day:%a %d %b %Y}",
            f"{c.start:%H:%M}",
            f"{c.end:%H:%M}",
            c.reference,
            c.case_manager,
            c.inspector,
        )
        for c in booked
    ]


def timetable_csv(inspection: Inspection) -> str:
    return write_csv(HEADERS, timetable_rows(inspection))


def timetable_pdf(inspection: Inspection) -> bytes:
    """The timetable as a printable PDF (also for the announcement pack)."""
    html = render_to_string(
        "fieldwork/timetable_pdf.html",
        {
            "inspection": inspection,
            "headers": HEADERS,
            "rows": timetable_rows(inspection),
            "unavailable": list(selectors.unavailability(inspection)),
        },
    )
    return html_to_pdf(html)
