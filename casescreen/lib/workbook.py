"""The one reader of the Excel workbooks people upload (case lists, reoffending tables).

A workbook is a zip of XML: a small upload can expand to hundreds of megabytes, claim
a million columns, or simply hold more cells than a request can parse before the web
server gives up on it. Every workbook the service reads goes through ``read_rows``,
which refuses such files with a message naming the limit, before or while parsing.
"""

from __future__ import annotations

import io
import time
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _

# Checked on the archive's directory before openpyxl opens it.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 2_000
MAX_RATIO = 200
# A worksheet row as openpyxl finds it (expat's name for it: namespace, space, local name).
_ROW = "http://schemas.openxmlformats.org/spreadsheetml/2006/main row"

Rows = list[tuple[int, tuple[object, ...]]]


@dataclass(frozen=True)
class RowError:
    """Why one row (0: the whole file) of an imported table was refused, and in which
    column; every importer reports its refusals in this shape."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        return (
            f"{where}, {self.column}: {self.reason}" if self.column else f"{where}: {self.reason}"
        )


class WorkbookError(ValueError):
    """The workbook cannot be read; the message says why, for the person who uploaded it."""


def read_rows(data: bytes, *, data_only: bool) -> Rows:
    """The first worksheet's rows, numbered as the spreadsheet numbers them.

    ``data_only`` gives a formula cell's last calculated value; without it, the formula
    text (which starts with "="), so that the caller can refuse formulas. Rows are as
    long as the cells they hold (the dimensions a file declares are not trusted); an
    empty row counts as one cell towards ``CASESCREEN_XLSX_MAX_CELLS``.
    """
    sheets = _read(data, data_only=data_only, first_only=True)
    return next(iter(sheets.values()))


def read_sheets(data: bytes, *, data_only: bool) -> dict[str, Rows]:
    """Every worksheet's rows by sheet name, under the same limits as ``read_rows``
    (counted over the whole workbook)."""
    return _read(data, data_only=data_only, first_only=False)


def _read(data: bytes, *, data_only: bool, first_only: bool) -> dict[str, Rows]:
    max_cells: int = settings.CASESCREEN_XLSX_MAX_CELLS
    _check_zip(data, max_cells)
    max_seconds: float = settings.CASESCREEN_XLSX_MAX_SECONDS
    # Wall-clock time, as the web server's request timeout counts it.
    deadline = time.monotonic() + max_seconds
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception:  # a damaged workbook can raise almost anything
        raise WorkbookError(
            _("The file is not a valid Excel workbook (it may be damaged).")
        ) from None
    try:
        if not workbook.worksheets:
            raise WorkbookError(_("The workbook has no worksheet."))
        found: dict[str, Rows] = {}
        cells = 0
        number = 0
        for sheet in workbook.worksheets[:1] if first_only else workbook.worksheets:
            sheet.reset_dimensions()
            rows: Rows = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells += max(len(values), 1)
                if cells > max_cells:
                    raise _too_many_cells(max_cells)
                if time.monotonic() > deadline:
                    raise WorkbookError(
                        _(
                            "The workbook took more than %(seconds)s seconds to read and was"
                            " refused; the limit is there to keep the service responsive. Save"
                            " it as CSV, or with fewer rows and columns, and try again."
                        )
                        % {"seconds": f"{max_seconds:g}"}
                    )
                rows.append((number, tuple(values)))
            found[sheet.title] = rows
        return found
    except WorkbookError:
        raise
    except Exception:  # likewise, while reading the rows
        raise WorkbookError(
            _(
                "The workbook could not be read beyond row %(row)s: row %(next)s holds a"
                " character a workbook cannot hold (such as NUL), or the file is damaged."
            )
            % {"row": number, "next": number + 1}
        ) from None
    finally:
        workbook.close()


def _too_many_cells(max_cells: int) -> WorkbookError:
    return WorkbookError(
        _(
            "The workbook has more than %(cells)s cells (rows times columns); the limit is"
            " %(cells)s. Delete unused rows and columns, or save only the columns needed,"
            " and try again."
        )
        % {"cells": f"{max_cells:,}"}
    )


# What reading a damaged or unusual zip archive raises (a member whose header disagrees
# with the directory, bad compressed data, encryption, an unknown compression method).
_DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    ValueError,
    EOFError,
    RuntimeError,
    NotImplementedError,
)


def _check_zip(data: bytes, max_cells: int) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except _DAMAGED:
        raise WorkbookError(
            _("The file is not a valid Excel workbook (it may be damaged).")
        ) from None
    if len(members) > MAX_MEMBERS:
        raise WorkbookError(_("The workbook has too many parts to be a table of figures."))
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            raise WorkbookError(
                _("The workbook expands to far more data than its size suggests and was refused.")
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise WorkbookError(
            _(
                "The workbook expands to %(size)s MB once uncompressed; the limit is %(limit)s"
                " MB. Save it as CSV, or with fewer rows and columns, and try again."
            )
            % {
                "size": f"{total / 1024 / 1024:.0f}",
                "limit": MAX_UNCOMPRESSED_BYTES // 1024 // 1024,
            }
        )
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise WorkbookError(_("The file is a zip archive, not an Excel workbook."))
    # Counted before openpyxl parses anything: without a <dimension> element it parses a
    # whole sheet when it opens the workbook, before the first row can be checked. The
    # workbook names its sheets' parts (anywhere in the archive, in any encoding XML
    # allows), so every part is counted as openpyxl would read it.
    counter = _CellCounter(max_cells)
    for member in members:
        try:
            part = archive.read(member)
        except _DAMAGED as error:
            raise WorkbookError(
                _("The file is not a valid Excel workbook (it may be damaged).")
            ) from error
        counter.count(part)


class _TooManyCells(Exception):
    pass


class _NotCounted(Exception):
    pass


class _CellCounter:
    """The cells of the worksheet rows in a workbook's parts, as openpyxl reads a row:
    every element in it is a cell, and an empty row counts as one."""

    def __init__(self, max_cells: int) -> None:
        self.max_cells = max_cells
        self.cells = 0
        self.depth = 0
        # The depth and the number of cells so far of each row still open.
        self.rows: list[list[int]] = []

    def count(self, part: bytes) -> None:
        self.depth, self.rows = 0, []
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        # openpyxl refuses a part that declares entities; nor are they expanded here.
        parser.EntityDeclHandler = self._refuse
        try:
            parser.Parse(part, True)
        except _TooManyCells:
            raise _too_many_cells(self.max_cells) from None
        except (expat.ExpatError, _NotCounted):
            pass  # not XML, or not as openpyxl reads it: no sheet openpyxl could read

    def _start(self, name: str, attributes: Any) -> None:
        self.depth += 1
        if self.rows and self.rows[-1][0] == self.depth - 1:
            self.rows[-1][1] += 1
            self._add()
        if name == _ROW:
            self.rows.append([self.depth, 0])

    def _end(self, name: str) -> None:
        if self.rows and self.rows[-1][0] == self.depth:
            _depth, cells = self.rows.pop()
            if cells == 0:
                self._add()
        self.depth -= 1

    def _add(self) -> None:
        self.cells += 1
        if self.cells > self.max_cells:
            raise _TooManyCells

    def _refuse(self, *args: Any) -> None:
        raise _NotCounted
