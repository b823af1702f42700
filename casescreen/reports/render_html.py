"""Render a report document (stored content only) to HTML: an app page fragment or a file.

Everything the templates print is prepared here, so the HTML page, the standalone
file and the PDF (made from the standalone file) say exactly the same thing.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from casescreen.frameworks.report_templates import available_templates, template_by_key
from casescreen.frameworks.texts import html_lang
from casescreen.reports.charts import chart_alt, row_labels, theme_chart_svg

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "reports" / "report.css"


def anchor(key: str) -> str:
    return "p-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def _parts(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]


# The author of the inspectorate's reports, in their files' properties.
INSPECTORATE = "HM Inspectorate of Probation"


def _first_sentence_split(text: str) -> tuple[str, str]:
    """Split after the first sentence, where a footnote call goes."""
    match = re.search(r"[.!?](?=\s|$)", text)
    if match is None:
        return text, ""
    return text[: match.end()], text[match.end() :]


def content_labels(content: dict[str, Any]) -> dict[str, str]:
    """The words printed around the text: the document's own, or else its template's."""
    if content.get("labels"):
        return dict(content["labels"])
    template = template_by_key(content.get("template", "")) or next(
        iter(available_templates().values())
    )
    return template.spec.labels.model_dump(by_alias=True)


def document_context(
    content: dict[str, Any], *, charts: bool = True, prompts: bool = False
) -> dict[str, Any]:
    """The document as the templates print it: numbered, footnoted, empty parts left out.

    With ``prompts`` (a draft on screen), a paragraph still to be written is shown with
    what the lead inspector is asked to write there, so that none is left out unseen.
    The words it adds (the charts' and their text alternatives) are in the report's
    language, whatever the reader's.
    """
    with translation.override(content["lang"]):
        return _document_context(content, charts=charts, prompts=prompts)


def _quote(quote: dict[str, Any], document_language: str) -> dict[str, str]:
    """A quote, with the ``lang`` to mark it with when it is not in the document's
    language (empty when it is). A quote chosen before examples had a language is taken
    to be in the document's, so that what was published renders as it did."""
    language = quote.get("language") or document_language
    lang = "" if language == document_language else html_lang(language)
    return {"text": quote["text"], "language": language, "lang": lang}


def _document_context(content: dict[str, Any], *, charts: bool, prompts: bool) -> dict[str, Any]:
    footnotes = []
    sections = []
    for section in content["sections"]:
        paragraphs = []
        for paragraph in section["paragraphs"]:
            parts = _parts(paragraph["text"])
            quotes = [_quote(q, content["lang"]) for q in paragraph.get("quotes", [])]
            prompt = paragraph.get("prompt", "") if prompts else ""
            if not parts and not quotes and not prompt:
                continue
            footnote = None
            if paragraph.get("footnote") and parts:
                footnotes.append(paragraph["footnote"])
                before, after = _first_sentence_split(parts[0])
                footnote = {
                    "number": len(footnotes),
                    "text": paragraph["footnote"],
                    "before": before,
                    "after": after,
                }
                parts = parts[1:]
            # Framework numbers, not renumbered: comments and checks refer to them.
            number = paragraph["number"] if section["kind"] == "numbered" else ""
            heading = ""
            if section["kind"] == "standards" and paragraph["title"]:
                heading = f"{paragraph['number']} {paragraph['title']}".strip()
            paragraphs.append(
                {
                    "key": paragraph["key"],
                    "anchor": anchor(paragraph["key"]),
                    "number": number,
                    "heading": heading,
                    "footnote": footnote,
                    "parts": parts,
                    "quotes": quotes,
                    "prompt": "" if parts else prompt,
                }
            )
        table = section.get("table")
        if not paragraphs and not table:
            continue
        heading = section["title"]
        if section["number"]:
            heading = f"{section['number']}. {heading}"
        sections.append(
            {
                "id": section["id"],
                "heading": heading,
                "kind": section["kind"],
                "paragraphs": paragraphs,
                "table": table,
            }
        )
    header = content["header"]
    labels = content_labels(content)
    annex = content["annex"]
    annex_themes = []
    if annex["include"]:
        for theme in annex["themes"]:
            # A theme whose every group is too small to report has nothing to draw: an
            # empty chart would be a picture of nothing, so only its table is printed.
            charted = any(not row["suppressed"] for row in theme["rows"])
            svg = theme_chart_svg(theme) if charts and charted else ""
            annex_themes.append(
                {
                    "title": theme["title"],
                    "rows": _marked_rows(theme),
                    "charted": charted,
                    "alt": chart_alt(theme) if charted else "",
                    "chart": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
                    if svg
                    else "",
                }
            )
    return {
        "title": content["title"],
        "lang": content["lang"],
        "author": content.get("author") or INSPECTORATE,
        # A report that is not a letter has no addressee: its empty rows are left out.
        "header": [
            (label, value)
            for label, value in (
                (labels["to"], header["to"]),
                (labels["copy_to"], header["copy_to"]),
                (labels["from"], header["from"]),
                (
                    labels["publication_date"],
                    header["publication_date"] or labels["not_yet_published"],
                ),
            )
            if value
        ],
        "labels": labels,
        "sections": sections,
        "footnotes": [{"number": i + 1, "text": text} for i, text in enumerate(footnotes)],
        "copy_list": content["copy_list"],
        "notes": content["notes"],
        "annex": {"include": annex["include"], "basis": annex["basis"], "themes": annex_themes},
    }


def _marked_rows(theme: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows with the label their bar carries in the chart (1.6a, 1.6b)."""
    marks = iter(row_labels(theme))
    return [
        {**row, "mark": row["paragraph"] if row["suppressed"] else next(marks)}
        for row in theme["rows"]
    ]


def render_fragment(content: dict[str, Any], *, prompts: bool = False) -> str:
    """The report body for an app page (GOV.UK classes); ``prompts`` for a draft."""
    return render_to_string(
        "reports/_document.html",
        {"doc": document_context(content, prompts=prompts), "print": False, "embedded": True},
    )


def render_standalone(content: dict[str, Any], *, created: str = "", for_pdf: bool = False) -> str:
    """A complete HTML file with the print stylesheet inlined; ``created`` is an ISO timestamp."""
    return render_to_string(
        "reports/standalone.html",
        {
            "doc": document_context(content),
            "print": for_pdf,
            "stylesheet": STYLESHEET.read_text(),
            "created": created,
        },
    )
