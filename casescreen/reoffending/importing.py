"""Reading the Ministry of Justice proven reoffending tables (CSV or XLSX).

Every problem is reported with its row, column and reason, and a file with any
problem is refused whole: the preview shows exactly what will be saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casescreen.inspections.models import Yot
from casescreen.lib import workbook
from casescreen.lib.csvfiles import CsvError, read_csv
from casescreen.lib.workbook import RowError
from casescreen.reoffending.models import Series

NATIONAL_NAMES = frozenset({"england and wales", "england & wales"})
MAX_ROWS = 20_000
# Spreadsheet headings people use for each column, lower-cased.
COLUMNS: dict[str, tuple[str, ...]] = {
    "area": ("area", "yot", "youth offending team"),
    "series": ("series", "cohort series"),
    "cohort_start": ("cohort start", "cohort_start", "start"),
    "cohort_end": ("cohort end", "cohort_end", "end"),
    "cohort": ("cohort", "cohort label"),
    "offenders": ("offenders", "cohort offenders"),
    "reoffenders": ("reoffenders",),
    "reoffences": ("reoffences", "number of reoffences"),
    "rate": ("rate", "binary rate", "binary rate (%)", "reoffending rate"),
    "published": ("published", "publication date", "published on"),
}
REQUIRED = ("area", "series", "cohort_start", "cohort_end", "offenders", "reoffenders", "published")
SERIES_NAMES = {
    "12-month": Series.TWELVE_MONTH,
    "12 month": Series.TWELVE_MONTH,
    "12": Series.TWELVE_MONTH,
    "3-month": Series.THREE_MONTH,
    "3 month": Series.THREE_MONTH,
    "3": Series.THREE_MONTH,
}
_TENTH = Decimal("0.1")
# The largest value of a PositiveIntegerField that every database Django supports holds.
MAX_COUNT = 2_147_483_647


@dataclass(frozen=True)
class FigureRow:
    row: int
    area_id: int | None
    area_name: str
    series: str
    cohort_start: date
    cohort_end: date
    cohort_label: str
    offenders: int
    reoffenders: int
    reoffences: int | None
    rate: Decimal
    published_on: date

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "area_id": self.area_id,
            "area_name": self.area_name,
            "series": self.series,
            "cohort_start": self.cohort_start.isoformat(),
            "cohort_end": self.cohort_end.isoformat(),
            "cohort_label": self.cohort_label,
            "offenders": self.offenders,
            "reoffenders": self.reoffenders,
            "reoffences": self.reoffences,
            "rate": str(self.rate),
            "published_on": self.published_on.isoformat(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FigureRow:
        return cls(
            row=int(data["row"]),
            area_id=data["area_id"],
            area_name=str(data["area_name"]),
            series=str(data["series"]),
            cohort_start=date.fromisoformat(data["cohort_start"]),
            cohort_end=date.fromisoformat(data["cohort_end"]),
            cohort_label=str(data["cohort_label"]),
            offenders=int(data["offenders"]),
            reoffenders=int(data["reoffenders"]),
            reoffences=None if data["reoffences"] is None else int(data["reoffences"]),
            rate=Decimal(data["rate"]),
            published_on=date.fromisoformat(data["published_on"]),
        )


@dataclass
class ParsedFile:
    rows: list[FigureRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


class _RowProblem(ValueError):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def _read_table(name: str, content: bytes) -> list[list[Any]]:
    if name.lower().endswith(".xlsx"):
        # The published tables carry formulas: their calculated values are the figures.
        try:
            rows = workbook.read_rows(content, data_only=True)
        except workbook.WorkbookError as exc:
            raise _RowProblem("", str(exc)) from None
        return [list(values) for _number, values in rows]
    if not name.lower().endswith(".csv"):
        raise _RowProblem("", _("upload a .csv or .xlsx file"))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _RowProblem("", _("the CSV file is not UTF-8 text; save it as CSV UTF-8")) from exc
    try:
        return read_csv(text)
    except CsvError as exc:
        raise _RowProblem("", str(exc)) from None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _blank(row: list[Any]) -> bool:
    return all(_text(cell) == "" for cell in row)


def _cohort(series: Series, start: date) -> tuple[date, date]:
    """The first and last days of the series' cohort starting in the month of ``start``:
    the Ministry of Justice counts cohorts in whole months (12 of them, or 3)."""
    months = 12 if series == Series.TWELVE_MONTH else 3
    first = start.replace(day=1)
    years, month = divmod(first.month - 1 + months, 12)
    return first, date(first.year + years, month + 1, 1) - timedelta(days=1)


def _date(value: Any, column: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        raise _RowProblem(column, _("is empty"))
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise _RowProblem(
        column,
        _("%(text)s is not a date (write 2015-01-29 or 29/01/2015)") % {"text": repr(text)},
    )


def _count(value: Any, column: str, *, optional: bool = False) -> int | None:
    text = _text(value).replace(",", "")
    if not text:
        if optional:
            return None
        raise _RowProblem(column, _("is empty"))
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _RowProblem(
            column, _("%(text)s is not a whole number") % {"text": repr(text)}
        ) from None
    # is_finite first: Infinity and NaN are Decimals too, and a signalling NaN refuses
    # to be compared.
    if not number.is_finite() or number != number.to_integral_value() or number < 0:
        raise _RowProblem(
            column, _("%(text)s is not a whole number of 0 or more") % {"text": repr(text)}
        )
    if number > MAX_COUNT:
        raise _RowProblem(
            column,
            _("%(text)s is more than %(max)s, more than any cohort counts")
            % {"text": repr(text), "max": f"{MAX_COUNT:,}"},
        )
    return int(number)


def _parse_row(number: int, cells: dict[str, Any], yots: dict[str, tuple[int, str]]) -> FigureRow:
    area_text = _text(cells.get("area"))
    if not area_text:
        raise _RowProblem("area", _("is empty (a YOT name, or England and Wales)"))
    if area_text.lower() in NATIONAL_NAMES:
        area_id, area_name = None, _("England and Wales")
    elif area_text.lower() in yots:
        area_id, area_name = yots[area_text.lower()]
    else:
        raise _RowProblem("area", _("no YOT is called %(name)s") % {"name": repr(area_text)})
    series_text = _text(cells.get("series")).lower()
    if series_text not in SERIES_NAMES:
        raise _RowProblem(
            "series", _("%(text)s is not 12-month or 3-month") % {"text": repr(series_text)}
        )
    start = _date(cells.get("cohort_start"), "cohort_start")
    end = _date(cells.get("cohort_end"), "cohort_end")
    if end <= start:
        raise _RowProblem("cohort_end", _("the cohort must end after it starts"))
    series = SERIES_NAMES[series_text]
    expected_start, expected_end = _cohort(series, start)
    if (start, end) != (expected_start, expected_end):
        # The same cohort written with other dates would be held twice, and no longer
        # match its England and Wales figure.
        raise _RowProblem(
            "cohort_start" if start != expected_start else "cohort_end",
            _("a %(series)s cohort starting in %(month)s runs from %(start)s to %(end)s")
            % {
                "series": series.value,
                "month": date_format(expected_start, "F Y"),
                "start": date_format(expected_start, "j F Y"),
                "end": date_format(expected_end, "j F Y"),
            },
        )
    offenders = _count(cells.get("offenders"), "offenders")
    reoffenders = _count(cells.get("reoffenders"), "reoffenders")
    assert offenders is not None and reoffenders is not None  # not optional
    if offenders == 0:
        raise _RowProblem("offenders", _("a cohort has at least one offender"))
    if reoffenders > offenders:
        raise _RowProblem(
            "reoffenders",
            _("%(reoffenders)s is more than the %(offenders)s offenders")
            % {"reoffenders": reoffenders, "offenders": offenders},
        )
    reoffences = _count(cells.get("reoffences"), "reoffences", optional=True)
    if reoffences is not None and reoffences < reoffenders:
        raise _RowProblem(
            "reoffences",
            _("%(reoffences)s is fewer than the %(reoffenders)s reoffenders")
            % {"reoffences": reoffences, "reoffenders": reoffenders},
        )
    computed = (Decimal(100) * reoffenders / offenders).quantize(_TENTH, rounding=ROUND_HALF_UP)
    written = _text(cells.get("rate"))
    rate_text = written.rstrip("%").strip()
    if rate_text:
        try:
            rate = Decimal(rate_text)
        except InvalidOperation:
            raise _RowProblem(
                "rate", _("%(text)s is not a number") % {"text": repr(rate_text)}
            ) from None
        if (
            rate.is_finite()
            and not written.endswith("%")
            and abs(rate - computed) > _TENTH
            and abs(rate * 100 - computed) <= _TENTH
        ):
            # A cell formatted as a percentage holds 43.6% as 0.436; the counts confirm it.
            rate *= 100
        if not rate.is_finite() or abs(rate - computed) > _TENTH:
            raise _RowProblem(
                "rate",
                _(
                    "%(rate)s does not match %(reoffenders)s reoffenders of %(offenders)s "
                    "offenders (%(computed)s)"
                )
                % {
                    "rate": rate_text,
                    "reoffenders": reoffenders,
                    "offenders": offenders,
                    "computed": computed,
                },
            )
        rate = rate.quantize(_TENTH, rounding=ROUND_HALF_UP)
        if not 0 <= rate <= 100:
            raise _RowProblem(
                "rate",
                _("%(text)s is not a percentage between 0 and 100") % {"text": rate_text},
            )
    else:
        rate = computed
    published = _date(cells.get("published"), "published")
    if published <= end:
        raise _RowProblem("published", _("a cohort's rate is published after the cohort ends"))
    label = _text(cells.get("cohort")) or f"{start:%B %Y} – {end:%B %Y}"
    return FigureRow(
        row=number,
        area_id=area_id,
        area_name=area_name,
        series=series,
        cohort_start=start,
        cohort_end=end,
        cohort_label=label[:60],
        offenders=offenders,
        reoffenders=reoffenders,
        reoffences=reoffences,
        rate=rate,
        published_on=published,
    )


def _columns(header: list[Any], number: int) -> tuple[dict[str, int], list[RowError]]:
    positions: dict[str, int] = {}
    errors: list[RowError] = []
    for index, heading in enumerate(header):
        name = _text(heading).lower()
        for column, aliases in COLUMNS.items():
            if name in aliases:
                if column in positions:
                    errors.append(RowError(number, column, _("appears twice in the heading row")))
                positions[column] = index
    for column in REQUIRED:
        if column not in positions:
            errors.append(RowError(number, column, _("column is missing from the heading row")))
    return positions, errors


def parse_figures(name: str, content: bytes) -> ParsedFile:
    """Parse and check a table; rows are numbered as the spreadsheet numbers them."""
    parsed = ParsedFile()
    try:
        table = _read_table(name, content)
    except _RowProblem as problem:
        parsed.errors.append(RowError(0, "", problem.reason))
        return parsed
    # Blank lines above the heading row (left by an export, or by deleting a title) are
    # passed over; rows keep the numbers the spreadsheet gives them.
    first = next((index for index, raw in enumerate(table) if not _blank(raw)), None)
    if first is None:
        parsed.errors.append(RowError(0, "", _("the file is empty")))
        return parsed
    positions, errors = _columns(table[first], first + 1)
    if errors:
        parsed.errors.extend(errors)
        return parsed
    if len(table) - first - 1 > MAX_ROWS:
        parsed.errors.append(
            RowError(0, "", _("the file has more than %(max)s rows") % {"max": MAX_ROWS})
        )
        return parsed
    yots = {name.lower(): (pk, name) for pk, name in Yot.objects.values_list("pk", "name")}
    seen: dict[tuple[int | None, str, date, date], int] = {}
    for number, raw in enumerate(table[first + 1 :], start=first + 2):
        if _blank(raw):
            continue
        cells = {column: raw[i] if i < len(raw) else None for column, i in positions.items()}
        try:
            row = _parse_row(number, cells, yots)
        except _RowProblem as problem:
            parsed.errors.append(RowError(number, problem.column, problem.reason))
            continue
        key = (row.area_id, row.series, row.cohort_start, row.cohort_end)
        if key in seen:
            parsed.errors.append(
                RowError(
                    number,
                    "cohort_start",
                    _("repeats the area and cohort of row %(row)s") % {"row": seen[key]},
                )
            )
            continue
        seen[key] = number
        parsed.rows.append(row)
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(RowError(0, "", _("the file has no rows of figures")))
    return parsed
