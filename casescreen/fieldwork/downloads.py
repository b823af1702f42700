"""The timetable as CSV and PDF. Neither names a child: a case is its reference, with its
case manager and inspector, as in the announcement pack the YOT receives."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from casescreen.fieldwork import selectors
from casescreen.frameworks.texts import html_lang
from casescreen.inspections.models import Inspection
from casescreen.lib.csvfiles import write_csv
from casescreen.lib.pdf import html_to_pdf

HEADERS = (
    gettext_lazy("Date"),
    pgettext_lazy("a time of day", "Start"),
    pgettext_lazy("a time of day", "End"),
    gettext_lazy("Case reference"),
    gettext_lazy("Case manager"),
    gettext_lazy("Inspector"),
)

_PAGE_COUNTERS = re.compile(r"%\((page|pages)\)s")


def timetable_rows(inspection: Inspection) -> list[tuple[str, str, str, str, str, str]]:
    """The booked interviews in time order, then by inspector; days in the active language."""
    booked = [c for c in selectors.sampled_cases(inspection) if c.scheduled]
    booked.sort(key=lambda c: (c.day, c.start, c.inspector, c.reference))
    return [
        (
            date_format(c.day, "D d M Y") if c.day else "",
            f"{c.start:%H:%M}",
            f"{c.end:%H:%M}",
            c.reference,
            c.case_manager,
            c.inspector,
        )
        for c in booked
    ]


def timetable_csv(inspection: Inspection) -> str:
    return write_csv([str(header) for header in HEADERS], timetable_rows(inspection))


def _css_string(text: str) -> str:
    """``text`` as a CSS string, with nothing in it that could end the string or the
    ``<style>`` element (CSS escapes)."""
    return '"' + "".join(f"\\{ord(c):x} " if c in '"\\<>&\n' else c for c in text) + '"'


def page_footer() -> SafeString:
    """The PDF's "Page 1 of 2" in the active language, as the CSS ``content`` of a page
    margin: the words as strings, the page numbers as WeasyPrint's counters."""
    pieces = _PAGE_COUNTERS.split(gettext("Page %(page)s of %(pages)s"))
    # ``split`` alternates the words and the names of the counters between them.
    content = [
        f"counter({piece})" if index % 2 else _css_string(piece)
        for index, piece in enumerate(pieces)
        if index % 2 or piece
    ]
    return mark_safe(" ".join(content))  # noqa: S308 - every word is escaped above


def timetable_pdf(inspection: Inspection, languages: Sequence[str] | None = None) -> bytes:
    """The timetable as a printable PDF (also for the announcement pack), in the active
    language; or in each of ``languages`` in turn, each part on pages of its own, as the
    email it is attached to is written (Welsh, then English, for a YOT in Wales)."""
    unavailable = list(selectors.unavailability(inspection))
    parts: list[dict[str, Any]] = []
    for language in languages or [translation.get_language() or settings.LANGUAGE_CODE]:
        with translation.override(language):
            parts.append(
                {
                    "language": language,
                    "lang": html_lang(language),
                    "yot_name": inspection.yot.name_in(language),
                    "headers": [str(header) for header in HEADERS],
                    "rows": timetable_rows(inspection),
                    "footer": page_footer(),
                }
            )
    with translation.override(parts[0]["language"]):
        html = render_to_string(
            "fieldwork/timetable_pdf.html",
            {
                "inspection": inspection,
                "lang": parts[0]["lang"],
                "parts": parts,
                "unavailable": unavailable,
            },
        )
    return html_to_pdf(html)
