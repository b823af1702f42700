"""An imported inspection is not trusted: its letter HTML, report content, team and text."""

from __future__ import annotations

import base64
import io
import json
import threading
from collections.abc import Callable, Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError
from django.urls import reverse
from pypdf import PdfReader

from casescreen.inspections.models import Inspection, InspectionTransition
from casescreen.lib.pdf import RefusedURL, StaticFilesFetcher
from casescreen.reports.render_pdf import html_to_pdf
from tests.conftest import client_for
from tests.dataprotection.helpers import model_counts
from tests.dataprotection.test_exchange import Document, _export, _import, _set, _write

# What the server must never read into a PDF: its password file, its environment
# (DATABASE_URL, SECRET_KEY) and whatever listens on its own network.
PASSWD_MARK = "root:x:0:0"
ENVIRON_MARK = "CASESCREEN_DEV"


class _Recorder(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server spelling
        self.requests.append(self.path)
        body = b"INTERNAL-SERVICE-SECRET"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def internal_service() -> Iterator[tuple[str, list[str]]]:
    """A service on 127.0.0.1 that records every request it is sent."""
    requests: list[str] = []
    handler = type("Handler", (_Recorder,), {"requests": requests})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()


def hostile_html(service: str) -> str:
    """Every way an HTML document can ask WeasyPrint for a file or a request, including
    from inside a ``data:`` image, which is allowed."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        f'<image href="{service}/svg" width="10" height="10"/>'
        '<image href="file:///etc/passwd" width="10" height="10"/></svg>'
    )
    return (
        f'<img src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}" alt="">'
        '<div class="app-letter"><p class="govuk-body">Dear YOT manager,</p>'
        '<img src="file:///etc/passwd" alt="">'
        f'<img src="{service}/img" alt="">'
        '<img src="http://127.0.0.1:1/" alt="">'
        '<link rel="stylesheet" href="file:///proc/self/environ">'
        f'<link rel="stylesheet" href="{service}/style.css">'
        '<a rel="attachment" href="file:///etc/passwd">passwd</a>'
        '<a rel="attachment" href="file:///proc/self/environ">environ</a>'
        f'<a rel="attachment" href="{service}/attachment">internal</a>'
        f"<style>@import url({service}/import.css); body {{ background: url(file:///etc/passwd) }}"
        "</style>"
        '<script>document.write("scripted")</script>'
        "</div>"
    )


def embedded_files(reader: PdfReader) -> list[bytes]:
    """Every file embedded in the PDF: in the document's list of attachments, and in the
    file attachment annotations that ``<a rel="attachment">`` makes on a page."""
    files = [data for datas in reader.attachments.values() for data in datas]
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            spec = annotation.get_object().get("/FS")
            if spec is not None:
                files.append(spec.get_object()["/EF"]["/F"].get_object().get_data())
    return files


def assert_pdf_holds_nothing_fetched(pdf: bytes, requests: list[str]) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert embedded_files(reader) == []
    text = "".join(page.extract_text() for page in reader.pages)
    for mark in (PASSWD_MARK, ENVIRON_MARK, "INTERNAL-SERVICE-SECRET"):
        assert mark not in text
        assert mark.encode() not in pdf
    assert requests == []
    return text


def test_report_pdf_fetches_no_file_and_no_address(
    internal_service: tuple[str, list[str]],
) -> None:
    service, requests = internal_service
    html = f"<!DOCTYPE html><html><body><p>Report</p>{hostile_html(service)}</body></html>"

    pdf = html_to_pdf(html, identifier=b"0" * 32)

    assert "Report" in assert_pdf_holds_nothing_fetched(pdf, requests)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///proc/self/environ",
        "http://127.0.0.1:1/",
        "https://casescreen.invalid/static/../../../etc/passwd",
        "https://casescreen.invalid/elsewhere/report.css",
        "ftp://127.0.0.1/x",
    ],
)
def test_the_pdf_fetcher_refuses_everything_but_static_files(url: str) -> None:
    with pytest.raises(RefusedURL):
        StaticFilesFetcher().fetch(url)


def test_the_pdf_fetcher_serves_static_files_and_data_urls() -> None:
    fetcher = StaticFilesFetcher()

    css = fetcher.fetch("https://casescreen.invalid/static/reports/report.css")
    data = fetcher.fetch("data:text/plain;base64,aGVsbG8=")

    assert css.read() == Path("casescreen/static/reports/report.css").read_bytes()
    assert css.content_type == "text/css"
    assert data.read() == b"hello"


def _announced(inspection: Inspection, letter_html: str) -> None:
    inspection.status = Inspection.Status.ANNOUNCED
    inspection.announced_on = date(2015, 5, 15)
    inspection.save(update_fields=["status", "announced_on"])
    InspectionTransition.objects.create(
        inspection=inspection,
        from_status=Inspection.Status.PLANNED,
        to_status=Inspection.Status.ANNOUNCED,
        actor="lead-inspector",
        letter_html=letter_html,
    )


def _letter_page_and_pdf(inspection: Inspection, user: Any) -> tuple[str, bytes]:
    client = client_for(user)
    page = client.get(reverse("inspection_letter", args=[inspection.reference]))
    assert page.status_code == 200
    pdf = client.get(reverse("inspection_letter_pdf", args=[inspection.reference]))
    assert pdf.status_code == 200
    return page.content.decode(), pdf.content


def _assert_letter_page_is_clean(page: str) -> None:
    # The letter sits between the download link and the link back (the page's own
    # layout has scripts of its own).
    page = page.split("Download the letter as PDF", 1)[1].split("Back to the inspection")[0]
    assert "Dear YOT manager," in page
    for markup in ("<script", "scripted", "file:///", "/etc/passwd", 'rel="attachment"', "<img"):
        assert markup not in page


def test_a_stored_letter_is_sanitised_on_the_page_and_in_the_pdf(
    inspection: Inspection, yot_manager: Any, internal_service: tuple[str, list[str]]
) -> None:
    service, requests = internal_service
    _announced(inspection, hostile_html(service))

    page, pdf = _letter_page_and_pdf(inspection, yot_manager)

    _assert_letter_page_is_clean(page)
    assert "Dear YOT manager," in assert_pdf_holds_nothing_fetched(pdf, requests)


def test_an_imported_letter_is_stored_sanitised(
    small: Inspection, lead_inspector: Any, tmp_path: Path, internal_service: tuple[str, list[str]]
) -> None:
    service, requests = internal_service
    _announced(small, hostile_html(service))
    path = tmp_path / "testshire.json"
    _export(small.reference, path)

    _import(path, "--as", "testshire-copy")

    imported = Inspection.objects.get(reference="testshire-copy")
    stored = InspectionTransition.objects.get(inspection=imported).letter_html
    assert stored.startswith('<div class="app-letter"><p class="govuk-body">Dear YOT manager,')
    for markup in ("<img", "<link", "<a ", "<style", "<script", "file:", service):
        assert markup not in stored
    page, pdf = _letter_page_and_pdf(imported, lead_inspector)
    _assert_letter_page_is_clean(page)
    assert_pdf_holds_nothing_fetched(pdf, requests)


def _refused(small: Inspection, tmp_path: Path, change: Callable[[Document], None]) -> str:
    """Import the changed, re-signed export; return the refusal; check nothing was written."""
    path = tmp_path / "testshire.json"
    document = _export(small.reference, path)
    change(document)
    _write(path, document, resign=True)
    Inspection.objects.filter(pk=small.pk).delete()
    counts = model_counts()
    with pytest.raises(CommandError) as refusal:
        _import(path)
    assert model_counts() == counts
    return str(refusal.value)


def _team_member(username: str) -> Callable[[Document], None]:
    def change(document: Document) -> None:
        document["payload"]["team"][1]["username"] = username

    return change


@pytest.mark.parametrize(
    ("persona", "message"),
    [
        ("viewer", "viewer is a read-only viewer and cannot be on an inspection team"),
        ("yot_manager", "yot-manager belongs to the inspected YOT"),
        ("other_yot_manager", "other-yot-manager is a YOT manager and cannot be on"),
    ],
)
def test_the_team_rule_refuses_readers_and_the_inspected(
    small: Inspection, tmp_path: Path, request: pytest.FixtureRequest, persona: str, message: str
) -> None:
    user = request.getfixturevalue(persona)

    refusal = _refused(small, tmp_path, _team_member(user.username))

    assert "refused, nothing imported: payload.team[" in refusal
    assert message in refusal


def test_team_member_refusal_is_the_one_team_rule(
    inspection: Inspection, inspector: Any, administrator: Any, viewer: Any, yot_manager: Any
) -> None:
    from casescreen.inspections.access import team_member_refusal

    assert team_member_refusal(inspector, inspection) is None
    assert team_member_refusal(administrator, inspection) is None
    assert "read-only viewer" in str(team_member_refusal(viewer, inspection))
    assert "inspected YOT" in str(team_member_refusal(yot_manager, inspection))


def _report(content: Any) -> Callable[[Document], None]:
    return _set(
        ["report"],
        {
            "status": "draft",
            "content": content,
            "version": 1,
            "versions": [],
            "comments": [],
            "overrides": [],
        },
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"sections": "anything"}, r"payload\.report\.content\.schema: Field required"),
        ({}, r"payload\.report\.content\.\w+: Field required"),
    ],
)
def test_report_content_that_the_app_could_not_print_is_refused(
    small: Inspection, tmp_path: Path, content: Any, message: str
) -> None:
    import re

    refusal = _refused(small, tmp_path, _report(content))

    assert re.search(message, refusal), refusal


def test_report_content_with_a_wrong_part_names_it(
    small: Inspection, demo_like_content: dict[str, Any], tmp_path: Path
) -> None:
    demo_like_content["sections"][1]["paragraphs"][0]["quotes"] = "Raz's family helped."

    refusal = _refused(small, tmp_path, _report(demo_like_content))

    assert (
        "payload.report.content.sections[1].paragraphs[0].quotes: Input should be a valid list"
        in refusal
    )


@pytest.fixture
def demo_like_content(small: Inspection) -> dict[str, Any]:
    from casescreen.reports.services import draft

    content: dict[str, Any] = json.loads(json.dumps(draft(small)))
    content["inspection"] = small.reference
    return content


def test_report_content_as_composed_imports(
    small: Inspection, demo_like_content: dict[str, Any], tmp_path: Path, lead_inspector: Any
) -> None:
    path = tmp_path / "testshire.json"
    document = _export(small.reference, path)
    _report(demo_like_content)(document)
    _write(path, document, resign=True)

    _import(path, "--as", "testshire-copy")

    from casescreen.reports.models import Report

    assert Report.objects.get(inspection__reference="testshire-copy").content == demo_like_content
    page = client_for(lead_inspector).get(reverse("report", args=["testshire-copy"]))
    assert page.status_code == 200


@pytest.mark.parametrize(
    ("path", "where"),
    [
        (
            ["cases", 0, "assessment", "answers", 1, "evidence"],
            "payload.cases[0].assessment.answers[1].evidence",
        ),
        (["cases", 0, "identity", "child_name"], "payload.cases[0].identity.child_name"),
        (["yot", "name"], "payload.yot.name"),
        (["extensions"], "payload.extensions"),
    ],
)
def test_a_nul_character_is_refused_naming_where(
    small: Inspection, tmp_path: Path, path: list[Any], where: str
) -> None:
    value: Any = "Child\x000" if path[-1] != "extensions" else {"note": "a\x00b"}
    if path[-1] == "extensions":
        where += ".note"

    refusal = _refused(small, tmp_path, _set(path, value))

    assert f"refused, nothing imported: {where}: contains a NUL character" in refusal


def test_a_nul_character_in_report_content_is_refused(
    small: Inspection, demo_like_content: dict[str, Any], tmp_path: Path
) -> None:
    demo_like_content["sections"][0]["paragraphs"][0]["text"] = "We carried out\x00"

    refusal = _refused(small, tmp_path, _report(demo_like_content))

    assert (
        "payload.report.content.sections[0].paragraphs[0].text: contains a NUL character" in refusal
    )


def test_a_nul_character_in_a_key_is_refused(small: Inspection, tmp_path: Path) -> None:
    def bad_key(document: Document) -> None:
        document["payload"]["samples"] = [{"parameters": {"min\x00weeks": 6}}]

    refusal = _refused(small, tmp_path, bad_key)

    assert "payload.samples[0].parameters: a key: contains a NUL character" in refusal


def test_the_letter_as_written_by_the_app_keeps_all_its_markup(inspection: Inspection) -> None:
    from casescreen.inspections.letter import letter_html_clean
    from casescreen.inspections.lifecycle import announcement_letter_html
    from casescreen.inspections.models import CopyListContact

    inspection.yot.board_chair = "Pat Chair"
    inspection.yot.save()
    CopyListContact.objects.create(yot=inspection.yot, role_title="Director", name="Dee Director")
    inspection.announced_on = date(2015, 5, 15)
    letter = announcement_letter_html(inspection)

    assert "Dee Director" in letter and '<ul class="govuk-list govuk-list--bullet">' in letter
    assert letter_html_clean(letter) == letter


def test_a_raw_nul_byte_is_refused_naming_line_and_column(
    small: Inspection, tmp_path: Path
) -> None:
    path = tmp_path / "testshire.json"
    _export(small.reference, path)
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b'"Raz', b'"\x00Raz', 1))
    Inspection.objects.filter(pk=small.pk).delete()
    counts = model_counts()

    with pytest.raises(
        CommandError, match=r"not valid JSON: Invalid control character at line 1, column \d+"
    ):
        _import(path)

    assert model_counts() == counts
