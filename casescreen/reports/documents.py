"""One entry point for rendering a stored report version in any format, and text diffs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

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
class Block:
    """One paragraph of the document as a reader sees it: where it is, and its words."""

    label: str
    text: str


def text_blocks(content: dict[str, Any]) -> list[Block]:
    blocks = [Block(_("Title"), content["title"])]
    for section in content["sections"]:
        if section["title"]:
            heading = (
                _("Section %(number)s heading") % {"number": section["number"]}
                if section["number"]
                else _("Section heading")
            )
            blocks.append(Block(heading, section["title"]))
        for paragraph in section["paragraphs"]:
            number = paragraph["number"] or _("Paragraph")
            if paragraph["text"]:
                blocks.append(Block(number, paragraph["text"]))
            blocks.extend(
                Block(_("%(number)s, quotation") % {"number": number}, q["text"])
                for q in paragraph.get("quotes", [])
            )
    return blocks


@dataclass(frozen=True)
class Segment:
    change: str  # "same", "added", "removed"
    text: str


@dataclass(frozen=True)
class DiffRow:
    change: str  # "same", "changed", "added", "removed"
    label: str
    segments: tuple[Segment, ...]


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """The words of ``new`` with those of ``old`` it lacks, runs marked added or removed."""
    a, b = old.split(), new.split()
    segments: list[Segment] = []

    def add(change: str, words: list[str]) -> None:
        if not words:
            return
        if segments and segments[-1].change == change:
            segments[-1] = Segment(change, f"{segments[-1].text} {' '.join(words)}")
        else:
            segments.append(Segment(change, " ".join(words)))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("same", a[i1:i2])
        else:
            add("removed", a[i1:i2])
            add("added", b[j1:j2])
    return tuple(segments)


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[DiffRow]:
    """Paragraph by paragraph (difflib on paragraphs), and word by word within a changed one."""
    a, b = text_blocks(old), text_blocks(new)
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows.extend(DiffRow("same", x.label, (Segment("same", x.text),)) for x in a[i1:i2])
            continue
        left, right = a[i1:i2], b[j1:j2]
        for k in range(max(len(left), len(right))):
            if k < len(left) and k < len(right):
                segments = word_diff(left[k].text, right[k].text)
                rows.append(DiffRow("changed", right[k].label, segments))
            elif k < len(left):
                rows.append(DiffRow("removed", left[k].label, (Segment("removed", left[k].text),)))
            else:
                rows.append(DiffRow("added", right[k].label, (Segment("added", right[k].text),)))
    return rows
