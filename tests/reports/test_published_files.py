"""Published files are the record: written once at publication, served as written."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from lxml import etree
from weasyprint import HTML

from casescreen.inspections.models import Inspection
from casescreen.reports import documents
from casescreen.reports.charts import chart_alt
from casescreen.reports.documents import render, render_version, word_diff
from casescreen.reports.models import PublishedFile, Report, ReportVersion
from casescreen.reports.services import report_publish, report_set_annex, report_transition
from tests.reports.conftest import paragraph

MOMENT = datetime(2015, 2, 25, 9, 30, tzinfo=UTC)
REF = "redbridge-2015-02"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def url(name: str, *args: Any) -> str:
    return reverse(name, args=[REF, *args])


def _to_factual_accuracy(report: Report, user: Any) -> None:
    report_transition(report=report, to=Report.Status.QUALITY_ASSURANCE, user=user)
    report_transition(report=report, to=Report.Status.FACTUAL_ACCURACY, user=user)


def _published(report: Report, user: Any) -> ReportVersion:
    _to_factual_accuracy(report, user)
    return report_publish(report=report, user=user, now=MOMENT)


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every rendering of a document, by format (the renderers still run)."""
    calls: list[str] = []

    def spy(fmt: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls.append(fmt)
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(documents, "render_standalone", spy("html", documents.render_standalone))
    monkeypatch.setattr(documents, "render_pdf", spy("pdf", documents.render_pdf))
    monkeypatch.setattr(documents, "render_docx", spy("docx", documents.render_docx))
    return calls


def test_publishing_stores_the_three_files_with_the_sha256_of_their_bytes(
    demo_report: Report, demo_lead: Any, report_files: Path
) -> None:
    version = _published(demo_report, demo_lead)
    records = {f.kind: f for f in PublishedFile.objects.filter(version=version)}
    assert sorted(records) == ["docx", "html", "pdf"]
    for fmt, record in records.items():
        stored = (report_files / record.name).read_bytes()
        assert record.storage == "reports"
        assert record.name.startswith(f"{REF}/v{version.number}/")
        assert hashlib.sha256(stored).hexdigest() == record.sha256
        assert len(stored) == record.size
        if fmt != "pdf":
            # The stored file is the version's document as it renders. (The PDF's font
            # subsets need not come out byte for byte the same twice: its stored bytes are
            # what makes it reproducible.)
            assert stored == render_version(version, fmt)
    assert (report_files / records["pdf"].name).read_bytes()[:5] == b"%PDF-"
    assert (report_files / records["docx"].name).read_bytes()[:2] == b"PK"


def test_published_pdf_is_served_from_storage_without_rendering(
    demo_report: Report, demo_lead: Any, as_user: Any, report_files: Path, renders: list[str]
) -> None:
    version = _published(demo_report, demo_lead)
    renders.clear()
    client = as_user(demo_lead)
    first = client.get(url("report_download", version.number, "pdf"))
    second = client.get(url("report_download", version.number, "pdf"))
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"] == (
        f'attachment; filename="{REF}-report-v{version.number}.pdf"'
    )
    body = _body(first)
    stored = version.files.get(kind="pdf")
    assert body == _body(second) == (report_files / stored.name).read_bytes()
    assert renders == []
    # A draft is still rendered when it is asked for.
    draft = client.get(url("report_download", 1, "html"))
    assert draft.status_code == 200 and b"Not yet published" in _body(draft)
    assert renders == ["html"]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda path: path.unlink(), "cannot be read"),
        (lambda path: path.write_bytes(path.read_bytes() + b"%"), "is not the file that was"),
    ],
    ids=["missing", "altered"],
)
def test_a_lost_or_altered_stored_file_gives_a_clear_page_not_a_500(
    demo_report: Report,
    demo_lead: Any,
    as_user: Any,
    report_files: Path,
    damage: Callable[[Path], Any],
    message: str,
) -> None:
    version = _published(demo_report, demo_lead)
    damage(report_files / version.files.get(kind="pdf").name)
    response = as_user(demo_lead).get(url("report_download", version.number, "pdf"))
    assert response.status_code == 503
    page = response.content.decode()
    assert "The file cannot be downloaded" in page
    assert f"The stored PDF file of version {version.number} {message}" in page
    # The version's other files are still served.
    assert as_user(demo_lead).get(url("report_download", version.number, "docx")).status_code == 200


def test_versions_page_shows_each_stored_file_with_its_sha256_and_size(
    demo_report: Report, demo_lead: Any, as_user: Any, report_files: Path
) -> None:
    version = _published(demo_report, demo_lead)
    page = as_user(demo_lead).get(url("report_versions")).content.decode()
    for record in version.files.all():
        assert record.sha256 in page
        assert f"{record.size:,} bytes" in page


def _failing_save(kind: str) -> Callable[..., Any]:
    real = FileSystemStorage._save  # type: ignore[attr-defined]  # Django private, not in the stubs

    def save(self: FileSystemStorage, name: str, content: Any) -> str:
        if name.endswith(f".{kind}"):
            raise OSError(28, "No space left on device")
        return real(self, name, content)

    return save


def _failing_pdf(*args: Any, **kwargs: Any) -> bytes:
    raise RuntimeError("the PDF writer stopped")


@pytest.mark.parametrize(
    ("target", "attribute", "replacement", "message"),
    [
        (FileSystemStorage, "_save", _failing_save("docx"), "its Word file could not be stored"),
        (HTML, "write_pdf", _failing_pdf, "its PDF file could not be made"),
    ],
    ids=["storage", "rendering"],
)
def test_publication_that_cannot_store_its_files_publishes_nothing(
    demo_report: Report,
    demo_lead: Any,
    as_user: Any,
    report_files: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: Any,
    attribute: str,
    replacement: Any,
    message: str,
) -> None:
    _to_factual_accuracy(demo_report, demo_lead)
    monkeypatch.setattr(target, attribute, replacement)
    client = as_user(demo_lead)
    response = client.post(url("report_publish"), follow=True)
    page = response.content.decode()
    assert "The report was not published:" in page and message in page
    demo_report.refresh_from_db()
    assert demo_report.status == Report.Status.FACTUAL_ACCURACY
    assert demo_report.inspection.status == Inspection.Status.FACTUAL_ACCURACY
    assert demo_report.inspection.published_on is None
    assert not demo_report.versions.filter(published=True).exists()
    assert not PublishedFile.objects.exists()
    # The files written before the failure (HTML and PDF, in the storage case) are gone.
    assert [p for p in report_files.rglob("*") if p.is_file()] == []
    # Once the fault is cleared, publication goes through.
    monkeypatch.undo()
    client.post(url("report_publish"))
    demo_report.refresh_from_db()
    assert demo_report.status == Report.Status.PUBLISHED
    assert len([p for p in report_files.rglob("*") if p.is_file()]) == 3


def test_word_annex_carries_the_charts_with_the_pdf_alt_text(redbridge_snapshot: Any) -> None:
    content = dict(redbridge_snapshot["content"])
    content["annex"] = {**content["annex"], "include": True}
    blob = render(content, "docx", moment=MOMENT)
    package = zipfile.ZipFile(io.BytesIO(blob))
    xml = etree.fromstring(package.read("word/document.xml"))
    pictures = xml.findall(f".//{{{WP}}}inline")
    themes = content["annex"]["themes"]
    assert len(pictures) == len(themes) == 5
    assert [p.find(f"{{{WP}}}docPr").get("descr") for p in pictures] == [
        chart_alt(t) for t in themes
    ]
    html = render(content, "html", moment=MOMENT).decode()
    assert all(f'alt="{chart_alt(t)}"' in html for t in themes if "'" not in chart_alt(t))
    # Each picture is a PNG inside the package.
    rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    for picture in pictures:
        embed = picture.find(f".//{{{A}}}blip").get(f"{{{R}}}embed")
        assert package.read(f"word/{targets[embed]}")[:8] == b"\x89PNG\r\n\x1a\n"
    # Same content, same bytes.
    assert render(content, "docx", moment=MOMENT) == blob


def test_word_diff_marks_inserted_and_removed_words() -> None:
    segments = word_diff("the plan was used well", "the plan was always used")
    assert [(s.change, s.text) for s in segments] == [
        ("same", "the plan was"),
        ("added", "always"),
        ("same", "used"),
        ("removed", "well"),
    ]


def test_comparison_shows_the_changed_words_of_a_paragraph(
    demo_report: Report, demo_lead: Any, as_user: Any
) -> None:
    from tests.reports.test_workflow import _section_post

    text = paragraph(demo_report, "context")["text"]
    assert "to prevent offending" in text
    edited = text.replace("to prevent offending", "to reduce offending", 1) + " Briefly."
    client = as_user(demo_lead)
    before = demo_report.version
    client.post(
        url("report_section", "context"), _section_post(demo_report, "context", context=edited)
    )
    page = client.get(url("report_compare"), {"a": before, "b": before + 1}).content.decode()
    assert (
        '<del><span class="govuk-visually-hidden">removed text: </span>prevent'
        '<span class="govuk-visually-hidden"> (end of removed text)</span></del>'
    ) in page
    assert '<ins><span class="govuk-visually-hidden">added text: </span>reduce<span' in page
    assert '<ins><span class="govuk-visually-hidden">added text: </span>Briefly.<span' in page
    # Unchanged paragraphs read as text, without markup of their own.
    assert "## " not in page
    assert page.count("app-diff__row--changed") == 1


def test_report_publish_on_a_published_report_writes_no_files(
    demo_report: Report, demo_lead: Any, report_files: Path
) -> None:
    from casescreen.reports.services import ReportError

    _published(demo_report, demo_lead)
    with pytest.raises(ReportError):
        report_publish(report=demo_report, user=demo_lead)
    assert PublishedFile.objects.count() == 3
    assert len([p for p in report_files.rglob("*") if p.is_file()]) == 3


def test_annex_setting_is_kept_in_the_stored_word_file(
    demo_report: Report, demo_lead: Any, report_files: Path
) -> None:
    report_set_annex(report=demo_report, include=True, user=demo_lead)
    version = _published(demo_report, demo_lead)
    stored = (report_files / version.files.get(kind="docx").name).read_bytes()
    document = zipfile.ZipFile(io.BytesIO(stored)).read("word/document.xml").decode()
    assert document.count("<wp:docPr ") == 5


def test_report_command_writes_the_stored_file_of_a_published_version(
    demo_report: Report, demo_lead: Any, report_files: Path, tmp_path: Path, renders: list[str]
) -> None:
    from django.core.management import CommandError, call_command

    version = _published(demo_report, demo_lead)
    renders.clear()
    out = tmp_path / "report.pdf"
    call_command("report", REF, "--format", "pdf", "--output", str(out))
    stored = version.files.get(kind="pdf")
    assert out.read_bytes() == (report_files / stored.name).read_bytes()
    assert renders == []
    (report_files / stored.name).unlink()
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("report", REF, "--format", "pdf", "--output", str(out))
