"""Every CSV the app serves is written here, safe to open in a spreadsheet; every CSV
it imports is read into rows here."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from django.utils.translation import gettext

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> str:
    """Spreadsheet formula injection guard (OWASP CSV injection): a cell that starts with
    =, +, -, @, tab or carriage return is prefixed with a single quote so it stays text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


class _Line:
    def write(self, value: str) -> str:
        return value


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """The CSV a line at a time, every cell escaped (for streaming a long file)."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield writer.writerow([escape_cell(h) for h in headers])
    for row in rows:
        yield writer.writerow([escape_cell(v) for v in row])


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    buffer.writelines(csv_lines(headers, rows))
    return buffer.getvalue()


class CsvError(ValueError):
    """A CSV file the reader refuses, with what to tell the person who sent it."""


def read_csv(text: str, *, delimiter: str = ",") -> list[list[str]]:
    """The rows of a CSV file's text, a blank line an empty row. The one thing Python's
    reader refuses here is a cell past its size limit (with ``newline=""`` and the
    default dialect), which no table the app imports has: it is refused in words."""
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise CsvError(
            gettext("The CSV file could not be read: a cell is longer than %(limit)s characters.")
            % {"limit": f"{csv.field_size_limit():,}"}
        ) from None
