"""Workbooks of frameworks in two languages: one column per language, as in XLSForm."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

import yaml
from openpyxl import load_workbook

from casescreen.authoring.workbook import read_workbook, workbook_of
from casescreen.frameworks.loader import check_framework
from tests.frameworks.test_languages import _bilingual

SAME: dict[str, Any] = {"checksum": "", "path": None, "status": "draft"}


def _headings(data: bytes, sheet: str) -> list[str]:
    book = load_workbook(io.BytesIO(data))
    return [str(cell.value) for cell in book[sheet][1]]


def test_a_bilingual_framework_has_a_column_per_language() -> None:
    data = workbook_of(_bilingual())
    questions = _headings(data, "questions")
    assert "text::English (en)" in questions and "text::Welsh (cy)" in questions
    assert "guidance::Welsh (cy)" in questions and "applies_to::Welsh (cy)" in questions
    assert "id" in questions and "id::Welsh (cy)" not in questions
    assert _headings(data, "settings") == ["key", "value::English (en)", "value::Welsh (cy)"]
    assert "label::Welsh (cy)" in _headings(data, "facts")


def test_a_bilingual_framework_round_trips_in_both_languages() -> None:
    raw = _bilingual()
    checked = read_workbook(workbook_of(raw), "bilingual.xlsx")
    assert checked.problems == ()
    read_back = yaml.safe_load(checked.text)
    for language in ("en", "cy"):
        original, _ = check_framework(raw, language=language)
        again, problems = check_framework(read_back, language=language)
        assert problems == [] and original is not None and again is not None
        assert replace(again, **SAME) == replace(original, **SAME)


def test_a_missing_welsh_cell_is_named_by_sheet_row_and_column() -> None:
    book = load_workbook(io.BytesIO(workbook_of(_bilingual())))
    sheet = book["questions"]
    column = [str(c.value) for c in sheet[1]].index("guidance::Welsh (cy)") + 1
    sheet.cell(row=3, column=column).value = None
    out = io.BytesIO()
    book.save(out)
    checked = read_workbook(out.getvalue(), "x.xlsx")
    assert checked.framework is None
    assert [str(p) for p in checked.problems] == [
        "questions, row 3, column guidance: no Welsh text"
    ]
