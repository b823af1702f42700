"""The import pages: upload, column matching, preview, confirm; lead inspector only."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from casescreen.cases.models import Case
from casescreen.sampling.models import ColumnMapping, ImportUpload
from tests.sampling.conftest import FIXTURES


def upload(client: Any, inspection: Any, content: bytes, name: str = "cases.csv") -> Any:
    return client.post(
        f"/inspections/{inspection.reference}/import/",
        {"case_list": SimpleUploadedFile(name, content)},
    )


def test_upload_shows_a_preview_and_confirming_imports(
    as_user: Any, planned_inspection: Any, lead_inspector: Any
) -> None:
    client = as_user(lead_inspector)
    response = upload(client, planned_inspection, (FIXTURES / "messy_case_list.csv").read_bytes())
    assert response.status_code == 302
    preview = client.get(response["Location"])

    assert preview.status_code == 200
    assert b'id="count-created">8<' in preview.content
    assert b'id="count-rejected">4<' in preview.content
    assert b"&#x27;Community Order&#x27; is not a known sentence type" in preview.content
    assert not Case.objects.filter(inspection=planned_inspection).exists()

    confirmed = client.post(response["Location"])

    assert confirmed.status_code == 302
    assert Case.objects.filter(inspection=planned_inspection).count() == 8
    assert not ImportUpload.objects.exists()


def test_unrecognised_columns_are_matched_and_remembered_for_the_yot(
    as_user: Any, planned_inspection: Any, lead_inspector: Any
) -> None:
    client = as_user(lead_inspector)
    content = b"Ref no,Order Type,Keyworker notes\nX1,YRO,fine\n"
    response = upload(client, planned_inspection, content)
    assert response["Location"].endswith("/columns/")
    page = client.get(response["Location"])
    assert b"Column 'Ref no'" in page.content
    assert page.context["form"].headers == ["Ref no", "Keyworker notes", "Order Type"]
    assert page.context["form"].initial == {
        "column_0": "",
        "column_1": "",
        "column_2": "sentence_type",
    }

    chosen = client.post(
        response["Location"],
        {"column_0": "reference", "column_1": "ignore", "column_2": "sentence_type"},
    )

    assert chosen.status_code == 302 and chosen["Location"].endswith("/preview/")
    assert ColumnMapping.objects.get(yot=planned_inspection.yot).mapping == {
        "ref no": "reference",
        "order type": "sentence_type",
        "keyworker notes": "ignore",
    }
    again = upload(client, planned_inspection, content)
    assert again["Location"].endswith("/preview/")


def test_choosing_the_same_field_twice_is_a_form_error(
    as_user: Any, planned_inspection: Any, lead_inspector: Any
) -> None:
    client = as_user(lead_inspector)
    response = upload(client, planned_inspection, b"A,B,Order Type\nX1,X2,YRO\n")

    page = client.post(response["Location"], {"column_0": "reference", "column_1": "reference"})

    assert page.status_code == 400
    assert b"Choose each field once: Case reference" in page.content
    assert not ColumnMapping.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", b"The file is empty"),
        (b"%PDF-1.4 \x00\x01\x02binary", "report.pdf", b"not a spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls", b"old Excel (.xls)"),
        (b"PK\x03\x04 truncated", "cases.xlsx", b"not a valid Excel workbook"),
        (b"Case reference,Sentence type\n" + b"X,YRO\n" * 20001, "big.csv", b"limit is 20,000"),
        (
            b"Case reference,Sentence type\nX1," + b"y" * 140_000 + b"\n",
            "long.csv",
            b"a cell is longer than 131,072 characters",
        ),
    ],
)
def test_unusable_files_are_refused_with_a_clear_message(
    as_user: Any,
    planned_inspection: Any,
    lead_inspector: Any,
    content: bytes,
    name: str,
    message: bytes,
) -> None:
    response = upload(as_user(lead_inspector), planned_inspection, content, name)

    assert response.status_code == 400
    assert message in response.content
    assert not ImportUpload.objects.exists()
    assert not Case.objects.exists()


def test_a_workbook_with_a_formula_is_refused(
    as_user: Any, planned_inspection: Any, lead_inspector: Any
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Case reference", "Sentence type"])
    sheet.append(["X1", "YRO"])
    sheet.append(["X2", '=HYPERLINK("http://example.org","YRO")'])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = upload(as_user(lead_inspector), planned_inspection, buffer.getvalue(), "c.xlsx")

    assert response.status_code == 400
    assert b"Cell B3 contains a formula" in response.content
    assert not Case.objects.exists()


def test_a_workbook_is_imported_with_excel_dates(
    as_user: Any, planned_inspection: Any, lead_inspector: Any
) -> None:
    from datetime import date, datetime

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Case Ref", "Order type", "Start date", "DOB"])
    sheet.append(["X1", "Referral order", datetime(2015, 3, 20), 36892])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = as_user(lead_inspector)

    response = upload(client, planned_inspection, buffer.getvalue(), "c.xlsx")
    client.post(response["Location"])

    case = Case.objects.get(inspection=planned_inspection, reference="X1")
    assert case.supervision_start == date(2015, 3, 20)
    assert case.identity.date_of_birth == date(2001, 1, 1)


def test_a_zip_bomb_is_refused_before_it_is_opened(
    as_user: Any, planned_inspection: Any, lead_inspector: Any
) -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (50 * 1024 * 1024))

    response = upload(as_user(lead_inspector), planned_inspection, buffer.getvalue(), "b.xlsx")

    assert response.status_code == 400
    assert b"expands to far more data" in response.content


def test_only_the_lead_inspector_may_import(
    as_user: Any, planned_inspection: Any, inspector: Any, outsider: Any, yot_manager: Any
) -> None:
    url = f"/inspections/{planned_inspection.reference}/import/"
    assert as_user(inspector).get(url).status_code == 403
    assert as_user(yot_manager).get(url).status_code == 403
    assert as_user(outsider).get(url).status_code == 404
    assert upload(as_user(inspector), planned_inspection, b"Case reference\nX\n").status_code == 403
    assert not ImportUpload.objects.exists()


def test_another_users_upload_cannot_be_confirmed(
    as_user: Any, planned_inspection: Any, lead_inspector: Any, inspector: Any
) -> None:
    response = upload(
        as_user(lead_inspector), planned_inspection, b"Case reference,Sentence type\nX1,YRO\n"
    )

    assert as_user(inspector).post(response["Location"]).status_code == 403
    assert not Case.objects.exists()


def test_export_escapes_cells_that_could_be_formulas(
    as_user: Any, planned_inspection: Any, lead_inspector: Any
) -> None:
    Case.objects.create(
        inspection=planned_inspection,
        reference="E1",
        sentence_type="custody",
        case_manager="=cmd|' /C calc'!A0",
        ethnicity="+44",
        gender="@x",
    )

    response = as_user(lead_inspector).get(
        f"/inspections/{planned_inspection.reference}/import/export.csv"
    )

    text = response.content.decode("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in text
    assert ",'+44," in text and ",'@x," in text
    assert "Jamie" not in text


def _csv_with(line: str, before: int = 300) -> bytes:
    """A case list with ``line`` after ``before`` good rows (well past the first 8 KB)."""
    rows = ["Case reference,Child name,Sentence type"]
    rows += [f"N{i:04d},Child number {i} with a long enough name,YRO" for i in range(before)]
    rows.append(line)
    rows.append("LAST1,Last Child,YRO")
    return ("\r\n".join(rows) + "\r\n").encode()


def test_a_nul_byte_anywhere_in_a_csv_is_refused_naming_its_row(
    as_user: Any, planned_inspection: Any, lead_inspector: Any
) -> None:
    content = _csv_with("BAD1,Nul\x00Child,YRO")
    assert content.index(b"\x00") > 8192

    response = upload(as_user(lead_inspector), planned_inspection, content)

    assert response.status_code == 400
    assert b"Row 302 contains a NUL character" in response.content
    assert not ImportUpload.objects.exists()
    assert not Case.objects.exists()


def test_a_nul_in_a_workbook_is_refused_naming_its_row(
    as_user: Any, planned_inspection: Any, lead_inspector: Any
) -> None:
    from tests.sampling.test_workbooks import sheet_xml, with_sheet_xml

    def row(n: int, ref: str) -> str:
        return (
            f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{ref}</t></is></c>'
            f'<c r="B{n}" t="inlineStr"><is><t>YRO</t></is></c></row>'
        )

    rows = [
        row(1, "Case reference").replace("YRO", "Sentence type"),
        row(2, "X1"),
        row(3, "X\x002"),
    ]
    response = upload(
        as_user(lead_inspector),
        planned_inspection,
        with_sheet_xml(sheet_xml(rows, dimension="A1:B3")),  # as Excel writes it
        "c.xlsx",
    )

    assert response.status_code == 400
    assert b"could not be read beyond row 2: row 3 holds a character" in response.content
    assert not ImportUpload.objects.exists()


@pytest.mark.parametrize(
    "value",
    ["Evil\x1b[2J\x1b[1;1HChild", "Bell\x07", "C1\x9b31mChild", "Delete\x7f", "Form\x0cfeed"],
)
def test_a_row_with_terminal_control_characters_is_refused_and_never_stored(
    as_user: Any, planned_inspection: Any, lead_inspector: Any, value: str
) -> None:
    client = as_user(lead_inspector)
    content = _csv_with(f"BAD1,{value},YRO", before=3)

    response = upload(client, planned_inspection, content)

    assert response.status_code == 302
    stored = ImportUpload.objects.get()
    assert value not in str(stored.table)
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert b'id="count-rejected">1<' in preview.content
    assert b"Row 5" in preview.content or b">5<" in preview.content
    assert b"control character" in preview.content
    assert client.post(response["Location"]).status_code == 302
    references = set(Case.objects.values_list("reference", flat=True))
    assert references == {"N0000", "N0001", "N0002", "LAST1"}
    from casescreen.cases.models import CaseIdentity

    assert not any(
        ch in name
        for name in CaseIdentity.objects.values_list("child_name", flat=True)
        for ch in value
        if ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F
    )


def test_tabs_and_line_breaks_inside_a_value_are_kept(
    as_user: Any, planned_inspection: Any, lead_inspector: Any
) -> None:
    client = as_user(lead_inspector)
    content = _csv_with('TAB1,"Two\tparts",YRO', before=1)
    response = upload(client, planned_inspection, content)
    assert response.status_code == 302
    assert client.post(response["Location"]).status_code == 302
    assert Case.objects.filter(reference="TAB1").exists()


def test_the_upload_buttons_busy_words_are_in_the_pages_language(
    as_user: Any, planned_inspection: Any, lead_inspector: Any
) -> None:
    """The page script shows them while the file is read (static/js/sampling-upload.js)."""
    import html

    from django.conf import settings

    client = as_user(lead_inspector)
    url = f"/inspections/{planned_inspection.reference}/import/"
    english = html.unescape(client.get(url).content.decode())
    assert 'data-busy-text="Uploading and reading the file…"' in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    welsh = html.unescape(client.get(url).content.decode())
    assert "data-busy-text=\"Wrthi'n llwytho'r ffeil i fyny a'i darllen…\"" in welsh
