"""Every CSV the app serves is written here, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

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
