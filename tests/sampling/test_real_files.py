"""Case lists as YOTs save them: Excel's text formats, title rows above the headers,
dates written with the month's name, and a YOT column in the YOT's own words."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from casescreen.cases.models import Case
from casescreen.sampling.models import ImportUpload


def upload(client: Any, inspection: Any, content: bytes, name: str = "cases.csv") -> Any:
    return client.post(
        f"/inspections/{inspection.reference}/import/",
        {"case_list": SimpleUploadedFile(name, content)},
    )


def import_file(client: Any, inspection: Any, content: bytes, name: str = "cases.csv") -> Any:
    response = upload(client, inspection, content, name)
    assert response.status_code == 302
    assert response["Location"].endswith("/preview/"), response["Location"]
    return client.post(response["Location"])


def xlsx(rows: list[list[object]], merge: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


LIST = "Case reference\tChild name\tSentence type\r\nT1\tZoë Ó Brien\tYRO\r\nT2\tAl Khan\tDTO\r\n"


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (LIST.encode("utf-8"), "cases.csv"),  # Excel: "Text (Tab delimited)"
        (LIST.encode("cp1252"), "cases.txt"),
        (LIST.encode("utf-16"), "cases.txt"),  # Excel: "Unicode Text", with its BOM
    ],
)
def test_a_tab_separated_list_is_read_in_excels_encodings(
    as_user: Any, planned_inspection: Any, lead_inspector: Any, content: bytes, name: str
) -> None:
    confirmed = import_file(as_user(lead_inspector), planned_inspection, content, name)

    assert confirmed.status_code == 302
    cases = Case.objects.filter(inspection=planned_inspection).order_by("reference")
    assert [c.reference for c in cases] == ["T1", "T2"]
    assert cases[0].identity.child_name == "Zoë Ó Brien"


def test_a_semicolon_list_under_a_title_line_with_a_comma_is_read(
    as_user: Any, planned_inspection: Any, lead_inspector: Any
) -> None:
    content = (
        "Testshire YOT, current cases\r\n"
        "Case reference;Child name;Sentence type\r\n"
        "S1;Smith, Jo;YRO\r\n"
        "S2;Lee, Al;DTO\r\n"
    ).encode("cp1252")

    import_file(as_user(lead_inspector), planned_inspection, content)

    names = Case.objects.filter(inspection=planned_inspection).values_list(
        "identity__child_name", flat=True
    )
    assert sorted(names) == ["Lee, Al", "Smith, Jo"]


@pytest.mark.parametrize(
    ("rows", "merge"),
    [
        (  # a title merged across the columns, then a blank row
            [
                ["Testshire YOT: current caseload at 01/06/2015"],
                [],
                ["Case ref", "Order type", "Start date"],
                ["X1", "YRO", date(2015, 3, 20)],
            ],
            "A1:C1",
        ),
        (  # two header rows: groups merged over the columns they head
            [
                ["Child", None, "Sentence"],
                ["Case ref", "Name", "Order type", "Start date"],
                ["X1", "Al", "YRO", date(2015, 3, 20)],
            ],
            "A1:B1",
        ),
    ],
)
def test_rows_above_the_column_headers_are_not_taken_for_them(
    as_user: Any, planned_inspection: Any, lead_inspector: Any, rows: Any, merge: str
) -> None:
    import_file(as_user(lead_inspector), planned_inspection, xlsx(rows, merge), "cases.xlsx")

    case = Case.objects.get(inspection=planned_inspection)
    assert (case.reference, case.sentence_type) == ("X1", "youth_rehabilitation_order")
    assert case.supervision_start == date(2015, 3, 20)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("3 Feb 2015", date(2015, 2, 3)),
        ("03-Feb-2015", date(2015, 2, 3)),
        ("3 February 2015", date(2015, 2, 3)),
        ("03/feb/2015", date(2015, 2, 3)),
        ("3 Sept 2015", date(2015, 9, 3)),
        # In Wales, in Welsh.
        ("3 Chwef 2015", date(2015, 2, 3)),
        ("03-Chwefror-2015", date(2015, 2, 3)),
        ("1 Mai 2015", date(2015, 5, 1)),
        ("20 Gorffennaf 2015", date(2015, 7, 20)),
        ("5 Rhag 2015", date(2015, 12, 5)),
        ("03/02/2015", date(2015, 2, 3)),
        ("42038", date(2015, 2, 3)),
    ],
)
def test_dates_are_read_as_case_management_systems_write_them(written: str, expected: date) -> None:
    from casescreen.cases.importing import parse_date

    assert parse_date(written) == expected


@pytest.mark.parametrize("written", ["30 Feb 2015", "3 Febtember 2015", "3 Feb 15"])
def test_a_date_with_a_month_name_that_is_no_date_is_named(written: str) -> None:
    from casescreen.cases.importing import parse_date

    with pytest.raises(ValueError, match=f"'{written}' is"):
        parse_date(written)


def test_a_list_of_another_yot_is_refused_at_upload_with_nothing_kept(
    as_user: Any, planned_inspection: Any, lead_inspector: Any
) -> None:
    content = (
        b"Case reference,Sentence type,YOT\r\nA1,YRO,Testshire YOT\r\nA2,YRO,Elsewhere YOT\r\n"
    )

    response = upload(as_user(lead_inspector), planned_inspection, content)

    assert response.status_code == 400
    assert b"This case list is from another YOT: row 3 names Elsewhere YOT" in response.content
    assert b'href="#id_case_list"' in response.content
    assert not ImportUpload.objects.exists()
    assert not Case.objects.exists()


def test_a_list_of_another_yot_matched_after_its_columns_offers_no_import(
    as_user: Any, planned_inspection: Any, lead_inspector: Any
) -> None:
    client = as_user(lead_inspector)
    response = upload(
        client, planned_inspection, b"Ref no,Order type,YOT\r\nA1,YRO,Elsewhere YOT\r\n"
    )
    choices = {"column_0": "reference", "column_1": "sentence_type", "column_2": "ignore"}
    preview = client.post(response["Location"], choices, follow=True)

    assert b"This case list is from another YOT" in preview.content
    assert b"Import 1 cases" not in preview.content
    assert client.post(response["Location"].replace("columns", "preview")).status_code == 302
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "named",
    ["Testshire YOT", "Testshire Youth Justice Service", "TESTSHIRE YJS", "Testshire"],
)
def test_a_yot_column_naming_the_yot_in_its_own_words_is_accepted(
    as_user: Any, planned_inspection: Any, lead_inspector: Any, named: str
) -> None:
    content = f"Case reference,Sentence type,YOT\r\nA1,YRO,{named}\r\n".encode()

    import_file(as_user(lead_inspector), planned_inspection, content)

    assert Case.objects.filter(inspection=planned_inspection).count() == 1


def test_a_dry_run_of_another_yots_list_says_it_would_be_refused(
    planned_inspection: Any, tmp_path: Any
) -> None:
    from django.core.management import CommandError, call_command

    path = tmp_path / "cases.csv"
    path.write_bytes(b"Case reference,Sentence type,YOT\r\nA1,YRO,Elsewhere YOT\r\n")

    with pytest.raises(CommandError, match="This case list is from another YOT: row 2"):
        call_command("import_cases", planned_inspection.reference, str(path), "--dry-run")


def test_a_column_read_wrongly_is_corrected_from_the_preview_and_remembered(
    as_user: Any, planned_inspection: Any, lead_inspector: Any
) -> None:
    client = as_user(lead_inspector)
    content = b"Ref no,Order type,Keyworker notes\r\nA1,YRO,Moved school\r\n"
    response = upload(client, planned_inspection, content)
    columns = response["Location"]
    # A slip: the notes are read as the case manager.
    mistaken = {"column_0": "reference", "column_1": "case_manager", "column_2": "sentence_type"}
    client.post(columns, mistaken)
    preview = client.get(columns.replace("columns", "preview"))
    assert b'Keyworker notes</td><td class="govuk-table__cell">Case manager' in preview.content
    assert f'href="{columns}"'.encode() in preview.content

    page = client.get(columns)
    assert page.context["form"].headers == ["Ref no", "Order type", "Keyworker notes"]
    assert list(page.context["form"].initial.values()) == [
        "reference",
        "sentence_type",
        "case_manager",
    ]
    corrected = client.post(
        columns, {"column_0": "reference", "column_1": "sentence_type", "column_2": "ignore"}
    )
    assert corrected["Location"].endswith("/preview/")
    client.post(corrected["Location"])

    assert Case.objects.get(inspection=planned_inspection, reference="A1").case_manager == ""
    again = upload(client, planned_inspection, content)
    assert again["Location"].endswith("/preview/")
    assert b"Keyworker notes" not in client.get(again["Location"]).content
