"""Render a report document to PDF with WeasyPrint: A4, tagged (PDF/UA-1), reproducible.

WeasyPrint writes a creation date and a file identifier into every PDF. Both
are fixed here from the version's publication time and content hash, so the
same stored version always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from casescreen.lib.pdf import html_to_pdf as pdf_from_html
from casescreen.reports.render_html import render_standalone


def pdf_timestamp(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else "2000-01-01T00:00:00Z"


def html_to_pdf(html: str, *, identifier: bytes) -> bytes:
    return pdf_from_html(html, pdf_variant="pdf/ua-1", pdf_identifier=identifier)


def render_pdf(content: dict[str, Any], *, moment: datetime | None) -> bytes:
    """``moment`` is the publication time (UTC); None for a draft (a fixed epoch date)."""
    html = render_standalone(content, created=pdf_timestamp(moment), for_pdf=True)
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    identifier = hashlib.md5(canonical, usedforsecurity=False).hexdigest().encode()
    return html_to_pdf(html, identifier=identifier)
