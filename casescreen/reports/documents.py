"""One entry point for rendering a stored report version in any format, and text diffs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from casescreen.reports.models import ReportVersion
from casescreen.reports.render_docx import render_docx
from casescreen.reports.render_html import render_standalone
from casescreen.reports.render_pdf import pdf_timestamp, render_pdf

FORMATS = ("html", "pdf", "docx")


def render(content: dict[str, Any], fmt: str, *, moment: datetime | None) -> bytes:
    """Render stored content only; the same content and moment always give the same bytes."""
    if fmt == "html":
        return render_standalone(content, created=pdf_timestamp(moment)).encode()
    if fmt == "pdf":
        return render_pdf(content, moment=moment)
    if fmt == "docx":
        return render_docx(content, moment=moment)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def render_version(version: ReportVersion, fmt: str) -> bytes:
    return render(version.content, fmt, moment=version.published_at)


def filename(inspection_ref: str, version: ReportVersion, fmt: str) -> str:
    return f"{inspection_ref}-report-v{version.number}.{fmt}"


def text_lines(content: dict[str, Any]) -> list[str]:
    """The document as lines of text, one per paragraph, for comparison."""
    lines = [content["title"]]
    for section in content["sections"]:
        if section["title"]:
            lines.append(
                f"## {section['number'] + '. ' if section['number'] else ''}{section['title']}"
            )
        for paragraph in section["paragraphs"]:
            prefix = f"{paragraph['number']} " if paragraph["number"] else ""
            if paragraph["text"]:
                lines.append(prefix + paragraph["text"])
            lines.extend(f"{prefix}(quote) {q['text']}" for q in paragraph.get("quotes", []))
    return lines


@dataclass(frozen=True)
class DiffRow:
    change: str  # "same", "changed", "added", "removed"
    left: str
    right: str


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[DiffRow]:
    """Side-by-side rows (difflib), paragraph by paragraph."""
    a, b = text_lines(old), text_lines(new)
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows.extend(DiffRow("same", line, line) for line in a[i1:i2])
        elif tag == "delete":
            rows.extend(DiffRow("removed", line, "") for line in a[i1:i2])
        elif tag == "insert":
            rows.extend(DiffRow("added", "", line) for line in b[j1:j2])
        else:
            left, right = a[i1:i2], b[j1:j2]
            for k in range(max(len(left), len(right))):
                rows.append(
                    DiffRow(
                        "changed",
                        left[k] if k < len(left) else "",
                        right[k] if k < len(right) else "",
                    )
                )
    return rows
