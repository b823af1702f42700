"""Every workbook the service reads goes through one reader with the same limits:
the case list (page and command) and the reoffending tables (page and command)."""

from __future__ import annotations

import io
import random
import time
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from casescreen.cases.models import Case
from casescreen.reoffending.models import ReoffendingFigure
from casescreen.sampling.models import ImportUpload

CASE_HEADER = ["Case reference", "Sentence type", "Supervision start date"]
FIGURES_HEADER = [
    "Area", "Series", "Cohort start", "Cohort end", "Offenders", "Reoffenders", "Published"
]  # fmt: skip


def case_list_xlsx(rows: int, extra_columns: int = 0) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(CASE_HEADER + [f"Note {i}" for i in range(extra_columns)])
    for i in range(rows):
        sheet.append([f"W{i:04d}", "YRO", date(2015, 4, 1)] + ["x"] * extra_columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def figures_xlsx(rows: int) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(FIGURES_HEADER)
    for _ in range(rows):
        sheet.append(
            ["Testshire YOT", "12-month", date(2012, 4, 1), date(2013, 3, 31), 250, 109,
             date(2015, 1, 29)]
        )  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_sheet_xml(sheet_xml: bytes) -> bytes:
    """A real workbook whose first sheet is replaced by ``sheet_xml``."""
    source = zipfile.ZipFile(io.BytesIO(case_list_xlsx(1)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml
            archive.writestr(member.filename, data)
    return buffer.getvalue()


def sheet_xml(rows: list[str], dimension: str = "") -> bytes:
    """A worksheet; without ``dimension`` openpyxl parses all of it to find its size."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + "<sheetData>"
        + "".join(rows)
        + "</sheetData></worksheet>"
    ).encode()


def import_case_list(kind: str, inspection: Any, lead: Any, data: bytes, tmp_path: Path) -> str:
    """Import through the page or the command; the refusal's text, or "" if accepted."""
    if kind == "page":
        from django.test import Client

        client = Client()
        client.force_login(lead)
        response = client.post(
            f"/inspections/{inspection.reference}/import/",
            {"case_list": SimpleUploadedFile("cases.xlsx", data)},
        )
        if response.status_code == 400:
            assert b"govuk-error-summary" in response.content
            return response.content.decode()
        assert response.status_code == 302
        return ""
    path = tmp_path / "cases.xlsx"
    path.write_bytes(data)
    try:
        call_command("import_cases", inspection.reference, str(path), stdout=io.StringIO())
    except CommandError as exc:
        return str(exc)
    return ""


def import_figures(kind: str, administrator: Any, data: bytes, tmp_path: Path) -> str:
    if kind == "page":
        from django.test import Client

        client = Client()
        client.force_login(administrator)
        response = client.post(
            "/reoffending/figures/", {"file": SimpleUploadedFile("figures.xlsx", data)}
        )
        if response.status_code == 400:
            return response.content.decode()
        assert response.status_code == 200
        return ""
    path = tmp_path / "figures.xlsx"
    path.write_bytes(data)
    try:
        call_command("import_reoffending", str(path), stdout=io.StringIO())
    except CommandError as exc:
        return str(exc)
    return ""


@pytest.mark.parametrize("kind", ["page", "command"])
def test_a_case_list_workbook_past_the_cell_limit_is_refused(
    settings: Any, planned_inspection: Any, lead_inspector: Any, tmp_path: Path, kind: str
) -> None:
    settings.CASESCREEN_XLSX_MAX_CELLS = 60
    assert (
        import_case_list(kind, planned_inspection, lead_inspector, case_list_xlsx(19), tmp_path)
        == ""
    )
    Case.objects.all().delete()
    ImportUpload.objects.all().delete()

    message = import_case_list(
        kind, planned_inspection, lead_inspector, case_list_xlsx(20), tmp_path
    )

    assert "more than 60 cells" in message
    assert not Case.objects.exists()
    assert not ImportUpload.objects.exists()


@pytest.mark.parametrize("kind", ["page", "command"])
def test_a_reoffending_workbook_past_the_cell_limit_is_refused(
    settings: Any, administrator: Any, yot: Any, tmp_path: Path, kind: str
) -> None:
    settings.CASESCREEN_XLSX_MAX_CELLS = 20
    message = import_figures(kind, administrator, figures_xlsx(2), tmp_path)

    assert "more than 20 cells" in message
    assert not ReoffendingFigure.objects.filter(area=yot).exists()


@pytest.mark.parametrize("importer", ["case list", "reoffending"])
def test_a_workbook_that_takes_too_long_to_read_is_refused(
    settings: Any,
    planned_inspection: Any,
    lead_inspector: Any,
    administrator: Any,
    tmp_path: Path,
    importer: str,
) -> None:
    figures = ReoffendingFigure.objects.count()
    settings.CASESCREEN_XLSX_MAX_SECONDS = 0
    if importer == "case list":
        message = import_case_list(
            "page", planned_inspection, lead_inspector, case_list_xlsx(5), tmp_path
        )
    else:
        message = import_figures("page", administrator, figures_xlsx(5), tmp_path)

    assert "took more than 0 seconds to read" in message
    assert not Case.objects.exists()
    assert ReoffendingFigure.objects.count() == figures


def test_a_sheet_claiming_a_huge_width_is_refused_by_its_cells(
    planned_inspection: Any, administrator: Any, tmp_path: Path
) -> None:
    """One cell in the last column makes every row as wide as the sheet."""
    rows = [f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(1, 30)]
    data = with_sheet_xml(sheet_xml(rows))

    started = time.monotonic()
    message = import_figures("command", administrator, data, tmp_path)

    assert "more than 200,000 cells" in message
    assert time.monotonic() - started < 5


def test_the_defaults_refuse_a_pathological_workbook_quickly(
    planned_inspection: Any, lead_inspector: Any, tmp_path: Path
) -> None:
    """20,000 rows by 100 columns: about 4 MB uploaded, 30 seconds and more to read whole."""
    rng = random.Random(1)
    header = (
        "<row>"
        + "".join(f'<c t="inlineStr"><is><t>H{i}</t></is></c>' for i in range(100))
        + "</row>"
    )
    rows = [header] + [
        "<row>" + "".join(f"<c><v>{rng.randrange(10**6)}</v></c>" for _ in range(100)) + "</row>"
        for _ in range(20_000)
    ]
    data = with_sheet_xml(sheet_xml(rows))
    assert len(data) < 10 * 1024 * 1024  # within the upload size limit

    started = time.monotonic()
    message = import_case_list("page", planned_inspection, lead_inspector, data, tmp_path)
    elapsed = time.monotonic() - started

    assert "more than 200,000 cells" in message or "seconds to read" in message
    assert elapsed < 20, elapsed
    assert not ImportUpload.objects.exists()


def test_a_confirmed_upload_is_not_read_again(
    settings: Any, planned_inspection: Any, lead_inspector: Any, as_user: Any
) -> None:
    """The preview and the confirmation work from the rows read at upload."""
    client = as_user(lead_inspector)
    response = client.post(
        f"/inspections/{planned_inspection.reference}/import/",
        {"case_list": SimpleUploadedFile("cases.xlsx", case_list_xlsx(3))},
    )
    assert response.status_code == 302
    stored = ImportUpload.objects.get()
    assert [n for n, _ in stored.table["rows"]] == [2, 3, 4]
    assert stored.table["rows"][0][1] == ["W0000", "YRO", {"datetime": "2015-04-01T00:00:00"}]

    # Reading any workbook now would fail: nothing is read again.
    settings.CASESCREEN_XLSX_MAX_SECONDS = 0
    settings.CASESCREEN_XLSX_MAX_CELLS = 1
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert b'id="count-created">3<' in preview.content
    assert client.post(response["Location"]).status_code == 302

    cases = Case.objects.filter(inspection=planned_inspection).order_by("reference")
    assert [c.reference for c in cases] == ["W0000", "W0001", "W0002"]
    assert cases[0].supervision_start == date(2015, 4, 1)
    assert not ImportUpload.objects.exists()


def test_a_workbook_that_expands_past_50_mb_is_refused_before_it_is_parsed(
    planned_inspection: Any, lead_inspector: Any, tmp_path: Path
) -> None:
    """Compressed about eight to one, as ordinary data is: the ratio check lets it pass."""
    bits = random.Random(2).getrandbits(52 * 1024 * 1024)
    padding = format(bits, "b").encode()
    data = with_sheet_xml(b"<worksheet><!--" + padding + b"--></worksheet>")
    assert len(data) < 10 * 1024 * 1024

    started = time.monotonic()
    message = import_case_list("command", planned_inspection, lead_inspector, data, tmp_path)

    assert "expands to 52 MB once uncompressed; the limit is 50 MB" in message
    assert time.monotonic() - started < 5
