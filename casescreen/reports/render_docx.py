"""Render a report document to Word (.docx) with python-docx, reproducibly.

Headings use Word's own heading styles; numbered paragraphs carry their number
as text with a hanging indent (so the numbers stay the ones the report and its
comments refer to); the reoffending footnote is a real Word footnote (python-docx
has no footnote API, so the footnotes part is added here); the copy list is a
table; the annex charts are PNG pictures (python-docx cannot embed SVG) carrying
the PDF's alt text. Zip entry dates and document properties are fixed from the
publication time so the same stored version always gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

import docx
from django.utils import translation
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from casescreen.reports.charts import theme_chart_png
from casescreen.reports.render_html import document_context

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _footnotes_xml(texts: list[str]) -> bytes:
    notes = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for number, text in enumerate(texts, start=1):
        notes.append(
            f'<w:footnote w:id="{number}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="18"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W}">'
        + "".join(notes)
        + "</w:footnotes>"
    ).encode()


def _footnote_reference(paragraph: Paragraph, number: int) -> None:
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:footnoteReference xmlns:w="{W}" w:id="{number}"/>'))
    run.font.superscript = True


def _numbered(document: Any, number: str) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.left_indent = Cm(1.2)
    paragraph.paragraph_format.first_line_indent = Cm(-1.2)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(1.2))
    if number:
        paragraph.add_run(f"{number}\t").bold = True
    return paragraph


def _reproducible(blob: bytes, moment: datetime) -> bytes:
    stamp = moment.astimezone(UTC).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


# Word's language tags for the report's languages (spelling and hyphenation follow them).
WORD_LANGUAGES = {"en": "en-GB", "cy": "cy-GB"}


def render_docx(content: dict[str, Any], *, moment: datetime | None) -> bytes:
    """``moment`` is the publication time; None for a draft (a fixed epoch date). The
    words the file adds around the text are in the report's language."""
    with translation.override(content["lang"]):
        return _render_docx(content, moment=moment)


def _render_docx(content: dict[str, Any], *, moment: datetime | None) -> bytes:
    moment = moment or EPOCH
    doc = document_context(content, charts=False)
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    language = WORD_LANGUAGES.get(content["lang"], content["lang"])
    # Every run inherits its language from the document defaults (python-docx's template
    # says en-US there) and the Normal style: both say the document's language, so Word's
    # spelling checker and screen readers read it as written.
    for default in document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang"):
        default.set(qn("w:val"), language)
    lang = parse_xml(f'<w:lang xmlns:w="{W}" w:val="{language}"/>')
    rpr.append(lang)
    for section in document.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.0)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_field(footer)

    table = document.add_table(rows=0, cols=2)
    for label, value in doc["header"]:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(f"{label}:").italic = True
        cells[1].text = value
    document.add_heading(doc["title"], level=1)

    footnotes: list[str] = []
    for section in doc["sections"]:
        if section["heading"]:
            document.add_heading(section["heading"], level=2)
        if section["table"]:
            _ratings_table(document, section["table"])
        for p in section["paragraphs"]:
            if p["heading"]:
                document.add_heading(p["heading"], level=3)
            if section["kind"] == "bullets":
                document.add_paragraph(" ".join(p["parts"]), style="List Bullet")
                continue
            first = True
            if p["footnote"]:
                paragraph = _numbered(document, p["number"])
                paragraph.add_run(p["footnote"]["before"])
                footnotes.append(p["footnote"]["text"])
                _footnote_reference(paragraph, len(footnotes))
                paragraph.add_run(p["footnote"]["after"])
                first = False
            for part in p["parts"]:
                paragraph = _numbered(document, p["number"] if first else "")
                paragraph.add_run(part)
                first = False
            for quote in p["quotes"]:
                paragraph = _numbered(document, p["number"] if first else "")
                paragraph.add_run(doc["labels"]["quote"])
                first = False
                quoted = document.add_paragraph(style="Quote").add_run(f"“{quote['text']}”")
                if quote["lang"]:
                    # A quote in the other language is marked so for spelling and speech.
                    tag = WORD_LANGUAGES[quote["language"]]
                    quoted._r.get_or_add_rPr().append(
                        parse_xml(f'<w:lang xmlns:w="{W}" w:val="{tag}"/>')
                    )

    if doc["copy_list"]:
        # As in the HTML: a report that is not a letter has no copy list.
        _copy_list(document, doc)

    document.add_heading(doc["labels"]["notes"], level=2)
    for note in doc["notes"]:
        document.add_paragraph(note, style="List Number")

    if doc["annex"]["include"]:
        document.add_heading(doc["labels"]["annex"], level=2)
        document.add_paragraph(
            _(
                "Share of applicable cases meeting each judgement, %(basis)s, with "
                "95%% Wilson intervals. Groups too small to report are left out of the charts."
            )
            % {"basis": doc["annex"]["basis"]}
        )
        for theme, data in zip(doc["annex"]["themes"], content["annex"]["themes"], strict=True):
            document.add_heading(theme["title"], level=3)
            if theme["charted"]:
                _chart(document, theme_chart_png(data), alt=theme["alt"])
            counts = document.add_table(rows=1, cols=4)
            counts.style = "Table Grid"
            for cell, text in zip(
                counts.rows[0].cells,
                (_("Judgement"), _("Met"), _("Applicable"), _("Share")),
                strict=True,
            ):
                cell.paragraphs[0].add_run(text).bold = True
            for row in theme["rows"]:
                cells = counts.add_row().cells
                cells[0].text = f"{row['mark']} {row['label']}"
                if row["suppressed"]:
                    # One cell across the three columns, in the HTML's words.
                    cells[1].merge(cells[3]).text = _("Fewer than the reporting threshold")
                    continue
                values = (str(row["met"]), str(row["applicable"]), row["share"])
                for cell, value in zip(cells[1:], values, strict=True):
                    cell.text = value

    if footnotes:
        part = Part(
            PackURI("/word/footnotes.xml"),
            FOOTNOTES_TYPE,
            _footnotes_xml(footnotes),
            document.part.package,
        )
        document.part.relate_to(part, RT.FOOTNOTES)

    properties = document.core_properties
    properties.title = _property(doc["title"])
    properties.author = properties.last_modified_by = _property(doc["author"])
    properties.language = language
    properties.created = properties.modified = properties.last_printed = moment.replace(tzinfo=None)
    properties.revision = 1
    properties.identifier = content["inspection"]
    buffer = io.BytesIO()
    document.save(buffer)
    return _reproducible(buffer.getvalue(), moment)


# Word keeps at most this many characters in a file's property; the document's own text
# (its heading) carries the whole title.
PROPERTY_MAX = 255


def _property(text: str) -> str:
    return text[:PROPERTY_MAX]


def _copy_list(document: Any, doc: dict[str, Any]) -> None:
    document.add_heading(doc["labels"]["copy_list"], level=2)
    copy_table = document.add_table(rows=1, cols=3)
    copy_table.style = "Table Grid"
    heading = copy_table.rows[0].cells
    for cell, label in zip(
        heading, (doc["labels"][k] for k in ("recipient", "name", "organisation")), strict=True
    ):
        cell.paragraphs[0].add_run(label).bold = True
    _repeat_header(copy_table.rows[0])
    for row in doc["copy_list"]:
        cells = copy_table.add_row().cells
        cells[0].text = row["role"]
        cells[1].text = row.get("names", "")
        cells[2].text = row["organisation"]


def _ratings_table(document: Any, table: dict[str, Any]) -> None:
    """The ratings as a Word table: the overall rating, then each domain's standards."""
    caption = document.add_paragraph(table["caption"])
    caption.runs[0].bold = True
    grid = document.add_table(rows=1, cols=2)
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, (table["standard"], table["rating"]), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    _repeat_header(grid.rows[0])
    cells = grid.add_row().cells
    cells[0].paragraphs[0].add_run(table["overall"]["title"]).bold = True
    cells[1].paragraphs[0].add_run(table["overall"]["rating"]).bold = True
    for group in table["groups"]:
        merged = grid.add_row().cells
        merged[0].merge(merged[1])
        merged[0].paragraphs[0].add_run(group["title"]).italic = True
        for row in group["rows"]:
            cells = grid.add_row().cells
            cells[0].text = f"{row['number']} {row['title']}"
            cells[1].text = row["rating"]


def _chart(document: Any, png: bytes, *, alt: str) -> None:
    """The chart as a picture whose alternative text (``descr``) is the PDF's alt text."""
    shape = document.add_picture(io.BytesIO(png), width=Cm(16))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", alt)
    doc_pr.set("name", f"Chart {doc_pr.get('id')}")


def _page_field(paragraph: Paragraph) -> None:
    paragraph.add_run(_("Page") + " ")
    for instruction in ("PAGE",):
        run = paragraph.add_run()
        run._r.append(parse_xml(f'<w:fldChar xmlns:w="{W}" w:fldCharType="begin"/>'))
        run._r.append(
            parse_xml(
                f'<w:instrText xmlns:w="{W}" xml:space="preserve"> {instruction} </w:instrText>'
            )
        )
        run._r.append(parse_xml(f'<w:fldChar xmlns:w="{W}" w:fldCharType="end"/>'))


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(parse_xml(f'<w:tblHeader xmlns:w="{W}"/>'))
