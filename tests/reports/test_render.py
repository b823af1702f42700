from __future__ import annotations

import copy
import io
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from casescreen.reports.documents import render, render_version
from casescreen.reports.models import Report
from casescreen.reports.services import report_publish, report_set_annex, report_transition
from tests.reports.conftest import FOOTNOTE, REDBRIDGE_STATEMENTS, flat

MOMENT = datetime(2015, 2, 25, 9, 30, tzinfo=UTC)


def pdf_text(blob: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(blob)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return flat(out.stdout)


def docx_text(blob: bytes) -> tuple[str, str]:
    document = docx.Document(io.BytesIO(blob))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    footnotes = zipfile.ZipFile(io.BytesIO(blob)).read("word/footnotes.xml").decode()
    return flat(" ".join(parts)), footnotes


def _published(report: Report, user: Any) -> Any:
    report_transition(report=report, to=Report.Status.QUALITY_ASSURANCE, user=user)
    report_transition(report=report, to=Report.Status.FACTUAL_ACCURACY, user=user)
    return report_publish(report=report, user=user, now=MOMENT)


def test_pdf_and_word_state_the_redbridge_findings(redbridge_snapshot: Any, tmp_path: Path) -> None:
    content = redbridge_snapshot["content"]
    text = pdf_text(render(content, "pdf", moment=MOMENT), tmp_path)
    assert [s for s in REDBRIDGE_STATEMENTS if s not in text] == []
    assert flat(FOOTNOTE) in text
    body, footnotes = docx_text(render(content, "docx", moment=MOMENT))
    assert [s for s in REDBRIDGE_STATEMENTS if s not in body] == []
    assert "Published January 2015 based on binary reoffending rates" in footnotes
    assert "April 2012 – March 2013 cohort" in footnotes


def test_pdf_footnote_sits_at_the_foot_of_the_first_page(
    redbridge_snapshot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(render(redbridge_snapshot["content"], "pdf", moment=MOMENT))
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [line.strip() for line in first.splitlines() if line.strip()]
    assert lines[-1].startswith("Page 1 of")
    assert lines[-3].startswith("1. Published January 2015")


def test_pdf_is_tagged_with_title_and_language(redbridge_snapshot: Any) -> None:
    reader = PdfReader(io.BytesIO(render(redbridge_snapshot["content"], "pdf", moment=MOMENT)))
    root: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert reader.metadata is not None and (reader.metadata.title or "").startswith(
        "Report of Short Quality Screening"
    )
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()
    size = reader.pages[0].mediabox
    assert (round(float(size.width)), round(float(size.height))) == (595, 842)  # A4


def test_pdf_annex_charts_have_alt_text(redbridge_snapshot: Any, tmp_path: Path) -> None:
    content = dict(redbridge_snapshot["content"])
    content["annex"] = {**content["annex"], "include": True}
    html = render(content, "html", moment=MOMENT).decode()
    assert (
        html.count('<img src="data:image/svg+xml;base64,') == 5
    )  # four themes and operational management
    assert (
        'alt="Bar chart of the share of cases meeting each judgement for Reducing reoffending'
        in html
    )
    assert '<th scope="row" class="govuk-table__header">1.1 Did the case manager understand' in html
    reader = PdfReader(io.BytesIO(render(content, "pdf", moment=MOMENT)))
    root: Any = reader.trailer["/Root"]
    tree = str(root["/StructTreeRoot"].get_object())
    assert "/K" in tree
    text = pdf_text(render(content, "pdf", moment=MOMENT), tmp_path)
    assert "Annex: findings by theme" in text


def test_word_has_real_headings_numbered_paragraphs_and_copy_list_table(
    redbridge_snapshot: Any,
) -> None:
    document = docx.Document(
        io.BytesIO(render(redbridge_snapshot["content"], "docx", moment=MOMENT))
    )
    styles = {
        p.style.name if p.style else ""
        for p in document.paragraphs
        if p.text.startswith(("1. Reducing", "Context", "Key strengths"))
    }
    assert styles == {"Heading 2"}
    assert any(p.text.startswith("1.1\tWork to reduce offending") for p in document.paragraphs)
    copy_list = document.tables[-1]
    assert copy_list.rows[0].cells[0].text == "Recipient"
    assert "Care Quality Commission" in [row.cells[0].text for row in copy_list.rows]
    assert document.core_properties.language == "en-GB"
    rels = [r.reltype for r in document.part.rels.values()]
    assert any(r.endswith("/footnotes") for r in rels)


def test_published_version_renders_byte_for_byte_and_ignores_later_changes(
    demo_report: Report, demo_lead: Any, tmp_path: Path
) -> None:
    from casescreen.assessments.models import Answer

    report_set_annex(report=demo_report, include=True, user=demo_lead)
    version = _published(demo_report, demo_lead)
    first = {fmt: render_version(version, fmt) for fmt in ("html", "pdf", "docx")}
    # Change the data: every judgement of 1.1 becomes "met".
    Answer.objects.filter(question_id="q1_1_offending_understood").update(value="yes")
    version.refresh_from_db()
    again = {fmt: render_version(version, fmt) for fmt in ("html", "pdf", "docx")}
    for fmt in first:
        assert first[fmt] == again[fmt], fmt
    assert "In all but two cases" in pdf_text(again["pdf"], tmp_path)
    assert version.data["questions"][0]["met"] == 31
    assert b"2015-02-25" in first["html"]


def test_report_command_writes_each_format(
    demo_report: Report, demo_lead: Any, tmp_path: Path
) -> None:
    version = _published(demo_report, demo_lead)
    for fmt in ("html", "docx"):
        path = tmp_path / f"report.{fmt}"
        call_command("report", "redbridge-2015-02", "--format", fmt, "--output", str(path))
        assert path.read_bytes() == render_version(version, fmt)
    path = tmp_path / "v1.html"
    call_command(
        "report", "redbridge-2015-02", "--format", "html", "--output", str(path), "--version", "1"
    )
    assert b"Not yet published" in path.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-inspection", "--format", "html"], "has no report"),
        (["redbridge-2015-02", "--format", "html", "--version", "99"], "has no version 99"),
    ],
)
def test_report_command_explains_bad_input(
    demo_report: Report, tmp_path: Path, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("report", *args, "--output", str(tmp_path / "out"))


def test_downloads_follow_the_report_access_rules(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    from casescreen.accounts.models import User

    url = "/inspections/redbridge-2015-02/report/versions/1.docx"
    response = as_user(demo_lead).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    manager = User.objects.get(username="yotmanager")
    assert as_user(manager).get(url).status_code == 404
    assert (
        as_user(demo_lead).get("/inspections/redbridge-2015-02/report/versions/1.exe").status_code
        == 404
    )


def test_word_file_is_made_for_a_local_authority_with_a_very_long_name(
    db: Any, redbridge_snapshot: Any
) -> None:
    # A name the register accepts (200 characters) makes a title longer than the 255
    # characters Word keeps in a file's properties; the heading still prints it whole.
    content = dict(redbridge_snapshot["content"])
    content["title"] = "Report of Short Quality Screening (SQS) of youth offending work in " + (
        "the Royal Borough of " + "Longname" * 23
    )
    document = docx.Document(io.BytesIO(render(content, "docx", moment=MOMENT)))
    assert document.paragraphs[0].text == content["title"]
    assert content["title"].startswith(document.core_properties.title)
    assert len(document.core_properties.title) == 255


def _with_annex(content: dict[str, Any], suppressed_theme: str) -> dict[str, Any]:
    """The content with its annex, every row of one theme too small to report."""
    annex = copy.deepcopy(content["annex"])
    annex["include"] = True
    for theme in annex["themes"]:
        if theme["id"] == suppressed_theme:
            theme["rows"] = [{**row, "suppressed": True} for row in theme["rows"]]
    return {**content, "annex": annex}


def test_a_theme_too_small_to_chart_has_its_counts_table_but_no_empty_chart(
    db: Any, redbridge_snapshot: Any
) -> None:
    content = _with_annex(redbridge_snapshot["content"], "1")
    page = render(content, "html", moment=MOMENT).decode()
    theme = page[
        page.index(">Reducing reoffending</h3>") : page.index(">Protecting the public</h3>")
    ]
    assert "<img" not in theme
    assert "Counts for Reducing reoffending" in theme
    assert page.count('<img src="data:image/svg+xml;base64,') == 4
    document = docx.Document(io.BytesIO(render(content, "docx", moment=MOMENT)))
    alts = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert len(alts) == 4
    assert not any("Reducing reoffending" in alt for alt in alts)


def test_word_says_what_the_html_says_of_a_group_too_small_to_report(
    db: Any, redbridge_snapshot: Any
) -> None:
    content = _with_annex(redbridge_snapshot["content"], "1")
    page = render(content, "html", moment=MOMENT).decode()
    assert "Fewer than the reporting threshold" in page
    document = docx.Document(io.BytesIO(render(content, "docx", moment=MOMENT)))
    counts = next(t for t in document.tables if t.rows[1].cells[0].text.startswith("1.1 "))
    assert [cell.text for cell in counts.rows[1].cells[1:]] == [
        "Fewer than the reporting threshold"
    ] * 3
