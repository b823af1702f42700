"""The workbook reader counts every cell openpyxl would parse before it parses any: a sheet
is wherever the workbook says it is, in whatever encoding its XML declares."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from openpyxl import Workbook

from casescreen.lib.workbook import WorkbookError, read_rows

SHEET = "xl/worksheets/sheet2.xml"


def two_sheets(cells: int) -> bytes:
    """A workbook whose first sheet holds one cell and whose second holds ``cells``."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.append(["Case reference"])
    workbook.create_sheet("Notes").append(["x"] * cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def moved(data: bytes, *, to: str = SHEET, encoding: str = "utf-8", wrap: str = "") -> bytes:
    """``data`` with its second sheet stored at ``to`` (and named there by the workbook),
    its XML in ``encoding``, its row inside a ``wrap`` element if given."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            content, name = source.read(member), member.filename
            if name == SHEET:
                xml = content.decode()
                if wrap:
                    xml = xml.replace("<row ", f"<{wrap}><row ").replace(
                        "</row>", f"</row></{wrap}>"
                    )
                content = xml.replace("UTF-8", encoding.upper()).encode(encoding)
                name = to
            elif name == "xl/_rels/workbook.xml.rels":
                content = content.replace(b"/xl/worksheets/sheet2.xml", b"/" + to.encode())
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("change", "most"),
    [
        ({}, 29),
        ({"to": "xl/notes.xml"}, 29),
        ({"to": "other/notes"}, 29),
        ({"encoding": "utf-16"}, 29),
        ({"to": "xl/notes.xml", "encoding": "utf-16"}, 29),
        # The inner row is a cell of the outer one, as openpyxl reads them.
        ({"wrap": "row"}, 28),
    ],
    ids=["as-saved", "outside-worksheets", "no-extension", "utf-16", "both", "nested-row"],
)
def test_a_sheet_past_the_cell_limit_is_refused_wherever_and_however_it_is_stored(
    settings: Any, change: dict[str, str], most: int
) -> None:
    settings.CASESCREEN_XLSX_MAX_CELLS = 30
    assert read_rows(moved(two_sheets(most), **change), data_only=False) == [
        (1, ("Case reference",))
    ]

    with pytest.raises(WorkbookError, match="more than 30 cells"):
        read_rows(moved(two_sheets(most + 1), **change), data_only=False)


def test_parts_that_are_not_sheets_count_no_cells(settings: Any) -> None:
    """A calculation chain lists formula cells as ``<c>`` elements outside any row."""
    settings.CASESCREEN_XLSX_MAX_CELLS = 3
    source = zipfile.ZipFile(io.BytesIO(two_sheets(1)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in source.infolist():
            archive.writestr(member.filename, source.read(member))
        archive.writestr(
            "xl/calcChain.xml",
            '<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + '<c r="A1" i="1"/>' * 10
            + "</calcChain>",
        )
        archive.writestr("xl/media/image1.png", b"\x89PNG\r\n\x1a\n<row><c/><c/></row>")

    assert read_rows(buffer.getvalue(), data_only=False) == [(1, ("Case reference",))]
