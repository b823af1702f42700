"""Reading a YOT's case list (CSV or XLSX) into validated rows and row errors.

Nothing here touches the database: the caller previews the result and, once confirmed,
writes it. Every problem with the file as a whole raises :class:`ImportFileError` with a
message the user can act on; every problem with a row becomes a :class:`RowError`.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext, gettext_lazy

from casescreen.lib import workbook
from casescreen.lib.csvfiles import CsvError, read_csv
from casescreen.lib.workbook import RowError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 100
MAX_CELL_CHARS = 1_000
# The header row is looked for among this many first non-blank rows.
HEADER_SEARCH_ROWS = 10
# C0 and C1 control characters other than tab and line breaks: a terminal or a log
# reader would act on them (ESC starts a terminal escape sequence), and no case list
# needs them. NUL is refused with the whole file (it means a damaged or binary file).
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

FIELDS: dict[str, StrOrPromise] = {
    "reference": gettext_lazy("Case reference"),
    "child_name": gettext_lazy("Child's name"),
    "date_of_birth": gettext_lazy("Date of birth"),
    "gender": gettext_lazy("Gender"),
    "ethnicity": gettext_lazy("Ethnicity"),
    "sentence_type": gettext_lazy("Sentence type"),
    "sentence_date": gettext_lazy("Sentence date"),
    "supervision_start": gettext_lazy("Supervision start date"),
    "rosh_level": gettext_lazy("Risk of serious harm level"),
    "vulnerability_level": gettext_lazy("Vulnerability level"),
    "looked_after": gettext_lazy("Looked after"),
    "placed_from_other_la": gettext_lazy("Placed from another local authority"),
    "case_manager": gettext_lazy("Case manager"),
    "psr_prepared": gettext_lazy("PSR prepared"),
    "identifiable_victim": gettext_lazy("Identifiable victim"),
}
REQUIRED = ("reference", "sentence_type")
IDENTITY_FIELDS = ("child_name", "date_of_birth")
FACT_FIELDS = tuple(f for f in FIELDS if f not in ("reference", *IDENTITY_FIELDS))
IGNORE = "ignore"


def normalise_header(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


_SYNONYMS: dict[str, tuple[str, ...]] = {
    "reference": (
        "case reference",
        "case ref",
        "reference",
        "ref",
        "case id",
        "case number",
        "case no",
        "yot reference",
        "yot ref",
        "crn",
        "child id",
        "client id",
        "id",
    ),
    "child_name": (
        "child s name",
        "child name",
        "name",
        "full name",
        "young person",
        "young person name",
        "yp name",
        "client name",
    ),
    "date_of_birth": ("date of birth", "dob", "d o b", "birth date", "birthdate"),
    "gender": ("gender", "sex"),
    "ethnicity": ("ethnicity", "ethnic group", "ethnic origin", "ethnicity group"),
    "sentence_type": (
        "sentence type",
        "sentence",
        "order type",
        "disposal",
        "disposal type",
        "outcome type",
        "intervention type",
    ),
    "sentence_date": ("sentence date", "date of sentence", "order date", "disposal date"),
    "supervision_start": (
        "supervision start date",
        "supervision start",
        "start date",
        "order start date",
        "order start",
        "supervision start date",
        "date supervision started",
        "allocation date",
    ),
    "rosh_level": (
        "risk of serious harm level",
        "risk of serious harm",
        "rosh",
        "rosh level",
        "rosh rating",
        "risk of harm",
        "roh",
        "roh level",
    ),
    "vulnerability_level": (
        "vulnerability level",
        "vulnerability",
        "vulnerability rating",
        "safeguarding level",
    ),
    "looked_after": (
        "looked after",
        "looked after status",
        "lac",
        "looked after child",
        "cla",
        "child looked after",
        "looked after child status",
    ),
    "placed_from_other_la": (
        "placed from another local authority",
        "placed from other la",
        "placed by other la",
        "placed from another la",
        "out of area placement",
        "placed from other local authority",
    ),
    "case_manager": ("case manager", "case worker", "caseworker", "practitioner", "officer"),
    "psr_prepared": ("psr prepared", "psr", "pre sentence report", "psr written"),
    "identifiable_victim": ("identifiable victim", "victim", "victim identified"),
}
# A column naming the YOT is no fact of a case: it is read to refuse a list from another
# YOT (``yot_mismatches``), and otherwise ignored.
YOT_HEADERS = ("yot", "yot name", "youth offending team", "youth justice service", "yjs")
HEADER_SYNONYMS: dict[str, str] = {
    **{s: f for f, names in _SYNONYMS.items() for s in names},
    **dict.fromkeys(YOT_HEADERS, IGNORE),
}

_SENTENCES: dict[str, str] = {
    "referral order": "referral_order",
    "ro": "referral_order",
    "youth rehabilitation order": "youth_rehabilitation_order",
    "yro": "youth_rehabilitation_order",
    "yro with intensive supervision and surveillance": "youth_rehabilitation_order",
    "yro iss": "youth_rehabilitation_order",
    "custody": "custody",
    "custodial sentence": "custody",
    "detention and training order": "custody",
    "dto": "custody",
    "section 91": "custody",
    "s91": "custody",
    "section 226": "custody",
    "s226": "custody",
    "other statutory": "other_statutory",
    "other statutory court order": "other_statutory",
    "reparation order": "other_statutory",
    "out of court": "out_of_court",
    "out of court disposal": "out_of_court",
    "oocd": "out_of_court",
    "triage": "out_of_court",
    "youth caution": "youth_caution",
    "yc": "youth_caution",
    "caution": "youth_caution",
    "youth conditional caution": "youth_conditional_caution",
    "ycc": "youth_conditional_caution",
    "conditional caution": "youth_conditional_caution",
    "community resolution": "community_resolution",
    "cr": "community_resolution",
    "youth community resolution": "community_resolution",
}
_LEVELS = {
    "low": "low", "l": "low", "medium": "medium", "m": "medium", "med": "medium",
    "high": "high", "h": "high", "very high": "very_high", "vh": "very_high",
}  # fmt: skip
_TRUE = {"yes", "y", "true", "t", "1"}
_FALSE = {"no", "n", "false", "f", "0", ""}
_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,49}")
_SUMMARY = re.compile(r"^\s*(grand\s+)?(total|count|number of cases|end of report)\b", re.I)
_TEXT_LIMITS = {"gender": 30, "ethnicity": 60, "case_manager": 200, "child_name": 200}
_EXCEL_EPOCH = date(1899, 12, 30)
# Month names as case management systems write them ("3 Feb 2015", "03-Feb-2015"), in
# English or, in Wales, in Welsh ("3 Chwef 2015", "3 Chwefror 2015").
_MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan", "january", "ion", "ionawr"), ("feb", "february", "chwef", "chwefror"),
         ("mar", "march", "maw", "mawrth"), ("apr", "april", "ebr", "ebrill"),
         ("may", "mai"), ("jun", "june", "meh", "mehefin"),
         ("jul", "july", "gorff", "gorffennaf"), ("aug", "august", "awst"),
         ("sep", "sept", "september", "medi"), ("oct", "october", "hyd", "hydref"),
         ("nov", "november", "tach", "tachwedd"), ("dec", "december", "rhag", "rhagfyr")),
        start=1,
    )
    for name in names
}  # fmt: skip
# Serial numbers for 1950-01-01 .. 2099-12-31: anything else in a date column is no date.
_SERIAL_RANGE = (18264, 73050)


class ImportFileError(ValueError):
    """The file as a whole cannot be used; the message says why."""


@dataclass(frozen=True)
class Table:
    """The file as read, kept (as JSON) from upload to confirmation so that it is parsed
    once. ``refused`` holds (row, column, reason) of rows left out because of what they
    contain, so that their content is never stored."""

    headers: tuple[str, ...]
    header_row: int
    rows: tuple[tuple[int, tuple[object, ...]], ...]
    kind: str
    refused: tuple[tuple[int, str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "headers": list(self.headers),
            "header_row": self.header_row,
            "rows": [[n, [_cell_to_json(v) for v in values]] for n, values in self.rows],
            "kind": self.kind,
            "refused": [list(r) for r in self.refused],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Table:
        return cls(
            headers=tuple(data["headers"]),
            header_row=int(data["header_row"]),
            rows=tuple(
                (int(n), tuple(_cell_from_json(v) for v in values)) for n, values in data["rows"]
            ),
            kind=str(data["kind"]),
            refused=tuple((int(n), str(c), str(r)) for n, c, r in data["refused"]),
        )


def _cell_to_json(value: object) -> object:
    # Dates keep their type so that they are read exactly as they were at upload.
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if value is None or isinstance(value, str | bool | int | float):
        return value
    return str(value)  # a time or a duration: text, as _text would make it


def _cell_from_json(value: object) -> object:
    if isinstance(value, dict):
        if "datetime" in value:
            return datetime.fromisoformat(value["datetime"])
        return date.fromisoformat(value["date"])
    return value


@dataclass(frozen=True)
class CaseRow:
    row: int
    reference: str
    facts: Mapping[str, object]
    identity: Mapping[str, object]


@dataclass(frozen=True)
class ColumnMap:
    """Which file column feeds which field; ``unrecognised`` columns need the user's choice."""

    columns: Mapping[int, str]
    unrecognised: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.unrecognised and not self.missing


@dataclass
class ParsedCases:
    rows: list[CaseRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    # The YOT each row names, by row number, when the list has a column for it.
    yots: dict[int, str] = field(default_factory=dict)

    @property
    def rejected_rows(self) -> int:
        return len({e.row for e in self.errors})


# --- Reading the file -----------------------------------------------------------------


def read_table(data: bytes, filename: str = "", known: Collection[str] = ()) -> Table:
    """CSV (UTF-8 with or without BOM, UTF-16 with its BOM, else Windows-1252; comma,
    semicolon or tab) or XLSX. ``known`` adds normalised headers (a YOT's saved column
    choices) to those that find the header row."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            gettext(
                "The file is %(value)s MB; the limit is %(value2)s MB. Split the case "
                "list or remove unused columns."
            )
            % {"value": f"{len(data) / 1024 / 1024:.1f}", "value2": MAX_BYTES // 1024 // 1024}
        )
    if not data.strip():
        raise ImportFileError(gettext("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, known)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(
            gettext(
                "The file is an old Excel (.xls) workbook. Save it as .xlsx or CSV and try again."
            )
        )
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise ImportFileError(gettext("The file is named .xlsx but is not an Excel workbook."))
    return _read_csv(data, known)


def _decode(data: bytes) -> str:
    # Excel's "Unicode Text" is UTF-16 with a byte order mark.
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(
            gettext("The file is not readable text: save the case list as CSV (UTF-8) or XLSX.")
        ) from None


def _read_csv(data: bytes, known: Collection[str]) -> Table:
    text = _decode(data)
    # Counted over the first lines, not the first alone, which may be a title.
    lines = [line for line in text.splitlines()[: HEADER_SEARCH_ROWS * 2] if line.strip()]
    delimiter = max(",;\t", key=lambda d: sum(line.count(d) for line in lines))
    try:
        rows = read_csv(text, delimiter=delimiter)
    except CsvError as exc:
        raise ImportFileError(str(exc)) from None
    return _table([(n, tuple(r)) for n, r in enumerate(rows, start=1)], "CSV", known)


def _read_xlsx(data: bytes, known: Collection[str]) -> Table:
    try:
        rows = workbook.read_rows(data, data_only=False)
    except workbook.WorkbookError as exc:
        raise ImportFileError(str(exc)) from None
    _refuse_formulas(rows)
    return _table(rows, "XLSX", known)


def _refuse_formulas(rows: Iterable[tuple[int, tuple[object, ...]]]) -> None:
    # Read without data_only, a formula cell's value is its formula text: a leading "="
    # finds every formula, whose last calculated value may not be what the YOT sees.
    from openpyxl.utils import get_column_letter

    for number, values in rows:
        for index, value in enumerate(values):
            if isinstance(value, str) and value.startswith("=") and len(value) > 1:
                raise ImportFileError(
                    gettext(
                        "Cell %(get_column_letter)s%(number)s contains a formula. Paste the "
                        "values only (Paste Special, Values) and try again."
                    )
                    % {"get_column_letter": get_column_letter(index + 1), "number": number}
                )


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_row(rows: Sequence[tuple[int, tuple[object, ...]]], known: Collection[str]) -> int:
    """The number of the row of column headers: of the first non-blank rows, the one
    naming the most columns the import knows, so that a title above it, or a row of
    headings merged over groups of columns, is not taken for it; else the first."""
    known = {*HEADER_SYNONYMS, *known}
    filled = [(number, values) for number, values in rows if not all(_blank(v) for v in values)][
        :HEADER_SEARCH_ROWS
    ]
    if not filled:
        return 0

    def named(values: tuple[object, ...]) -> int:
        return sum(isinstance(v, str) and normalise_header(v) in known for v in values)

    return max(filled, key=lambda row: named(row[1]))[0]


def _table(
    rows: Sequence[tuple[int, tuple[object, ...]]], kind: str, known: Collection[str] = ()
) -> Table:
    headers: tuple[str, ...] | None = None
    header_row = _header_row(rows, known)
    body: list[tuple[int, tuple[object, ...]]] = []
    refused: list[tuple[int, str, str]] = []
    for number, values in rows:
        texts = [v for v in values if isinstance(v, str)]
        if any("\x00" in v for v in texts):
            raise ImportFileError(
                gettext(
                    "Row %(number)s contains a NUL character (byte 0), which no case list "
                    "has: the file is damaged or not a spreadsheet. Save the case list as "
                    "CSV or XLSX again."
                )
                % {"number": number}
            )
        if headers is None:
            if number != header_row:
                continue
            if len(values) > MAX_COLUMNS:
                raise ImportFileError(
                    gettext(
                        "The first row has %(values)s columns; a case list has at most %(max_columns)s."
                    )
                    % {"values": len(values), "max_columns": MAX_COLUMNS}
                )
            if any(_CONTROL.search(v) for v in texts):
                raise ImportFileError(
                    gettext(
                        "The header row (row %(number)s) contains control characters: the file "
                        "is not a spreadsheet. Save the case list as CSV or XLSX."
                    )
                    % {"number": number}
                )
            headers = tuple("" if v is None else str(v).strip() for v in values)
            continue
        if all(_blank(v) for v in values):
            continue
        if len(body) + len(refused) >= MAX_ROWS:
            raise ImportFileError(
                gettext(
                    "The file has more than %(max_rows)s cases; the limit is %(max_rows)s rows."
                )
                % {"max_rows": f"{MAX_ROWS:,}"}
            )
        control = next(
            (i for i, v in enumerate(values) if isinstance(v, str) and _CONTROL.search(v)), None
        )
        if control is not None:
            column = (
                headers[control]
                if control < len(headers)
                else gettext("column %(number)s") % {"number": control + 1}
            )
            refused.append(
                (
                    number,
                    column,
                    gettext("contains a control character (such as ESC); retype the value"),
                )
            )
            continue
        body.append((number, values))
    if headers is None:
        raise ImportFileError(gettext("The file has no header row."))
    return Table(
        headers=headers,
        header_row=header_row,
        rows=tuple(body),
        kind=kind,
        refused=tuple(refused),
    )


# --- Column mapping -------------------------------------------------------------------


def resolve_mapping(headers: Sequence[str], saved: Mapping[str, str] | None = None) -> ColumnMap:
    """Each header goes to a field by the saved mapping (normalised header -> field or
    "ignore"), then by the synonyms; unnamed columns are ignored."""
    saved = {normalise_header(k): v for k, v in (saved or {}).items()}
    columns: dict[int, str] = {}
    unrecognised: list[str] = []
    for index, header in enumerate(headers):
        key = normalise_header(header)
        if not key:
            continue
        target = saved.get(key) or HEADER_SYNONYMS.get(key)
        if target == IGNORE:
            continue
        if target in FIELDS and target not in columns.values():
            columns[index] = target
        elif target is None:
            unrecognised.append(header)
    missing = tuple(f for f in REQUIRED if f not in columns.values())
    return ColumnMap(columns=columns, unrecognised=tuple(unrecognised), missing=missing)


# --- Validating rows ------------------------------------------------------------------


def parse_date(value: object) -> date:
    """ISO (2015-01-31), UK (31/01/2015, 31-01-2015, 31.01.2015, 31 Jan 2015, 31-Jan-2015,
    31 Ion 2015) or an Excel serial number."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(value)
    text = str(value).strip()
    if re.fullmatch(r"\d+(\.0+)?", text):
        return _serial(float(text))
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?", text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = re.fullmatch(
            r"(\d{1,2})[/.\- ](\d{1,2}|[A-Za-z]{3,10})[/.\- ](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?",
            text,
        )
        named = match.group(2).lower() if match else ""
        if not match or not (named.isdigit() or named in _MONTHS):
            raise ValueError(
                gettext("'%(text)s' is not a date (use 31/01/2015 or 2015-01-31)")
                % {"text": text[:40]}
            )
        day, year = int(match.group(1)), int(match.group(3))
        month = int(named) if named.isdigit() else _MONTHS[named]
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            gettext("'%(text)s' is an impossible date") % {"text": text[:40]}
        ) from None


def _serial(number: float) -> date:
    if not _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
        raise ValueError(gettext("'%(number)s' is not a date") % {"number": f"{number:g}"})
    return _EXCEL_EPOCH + timedelta(days=int(number))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _convert(name: str, value: object, today: date) -> object:
    text = _text(value)
    if len(text) > MAX_CELL_CHARS:
        raise ValueError(
            gettext("is longer than %(max_cell_chars)s characters")
            % {"max_cell_chars": MAX_CELL_CHARS}
        )
    if name == "reference":
        if not text:
            raise ValueError(gettext("is missing"))
        if not _REFERENCE.fullmatch(text):
            raise ValueError(
                gettext(
                    "'%(text)s' is not a usable reference (letters, digits, '.', '_' or "
                    "'-', at most 50 characters)"
                )
                % {"text": text[:40]}
            )
        return text
    if name == "sentence_type":
        if not text:
            raise ValueError(gettext("is missing"))
        key = normalise_header(text)
        if key in _SENTENCES:
            return _SENTENCES[key]
        raise ValueError(gettext("'%(text)s' is not a known sentence type") % {"text": text[:40]})
    if name in ("rosh_level", "vulnerability_level"):
        key = normalise_header(text)
        if not key or key in ("n a", "na", "none", "not assessed"):
            return ""
        if key in _LEVELS:
            return _LEVELS[key]
        raise ValueError(
            gettext("'%(text)s' is not a level (low, medium, high or very high)")
            % {"text": text[:40]}
        )
    if name in ("looked_after", "placed_from_other_la", "psr_prepared", "identifiable_victim"):
        key = normalise_header(text)
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        raise ValueError(gettext("'%(text)s' is not yes or no") % {"text": text[:40]})
    if name in ("sentence_date", "supervision_start", "date_of_birth"):
        if value is None or not text:
            return None
        day = parse_date(value)
        if day > today:
            raise ValueError(gettext("%(day)s is in the future") % {"day": f"{day:%d/%m/%Y}"})
        return day
    limit = _TEXT_LIMITS.get(name, MAX_CELL_CHARS)
    if len(text) > limit:
        raise ValueError(gettext("is longer than %(limit)s characters") % {"limit": limit})
    return text


def parse_cases(table: Table, mapping: ColumnMap, *, today: date) -> ParsedCases:
    """Validate every row. A rejected row gets one error per bad cell; a duplicate reference
    is rejected on its second and later rows; summary lines ("Total: 57") are skipped."""
    result = ParsedCases(
        errors=[RowError(n, column, reason) for n, column, reason in table.refused]
    )
    first_row: dict[str, int] = {}
    yot_column = next(
        (i for i, h in enumerate(table.headers) if normalise_header(h) in YOT_HEADERS), None
    )
    for number, values in table.rows:
        if _is_summary(values, mapping):
            result.skipped.append(
                (
                    number,
                    gettext("summary line '%(text)s'") % {"text": _text(_first(values))[:40]},
                )
            )
            continue
        converted: dict[str, object] = {}
        errors: list[RowError] = []
        for index, name in mapping.columns.items():
            value = values[index] if index < len(values) else None
            try:
                converted[name] = _convert(name, value, today)
            except ValueError as exc:
                errors.append(RowError(number, str(FIELDS[name]), str(exc)))
        reference = converted.get("reference")
        if isinstance(reference, str):
            if reference in first_row:
                errors.append(
                    RowError(
                        number,
                        str(FIELDS["reference"]),
                        gettext("duplicate case reference %(reference)s (first on row %(row)s)")
                        % {"reference": reference, "row": first_row[reference]},
                    )
                )
            else:
                first_row[reference] = number
        if errors:
            result.errors.extend(errors)
            continue
        assert isinstance(reference, str)
        named = ""
        if yot_column is not None and yot_column < len(values):
            named = _text(values[yot_column])
        if named:
            result.yots[number] = named
        result.rows.append(
            CaseRow(
                row=number,
                reference=reference,
                facts={k: v for k, v in converted.items() if k in FACT_FIELDS},
                identity={k: v for k, v in converted.items() if k in IDENTITY_FIELDS},
            )
        )
    result.errors.sort(key=lambda e: e.row)
    return result


def parse_typed_case(values: Mapping[str, object], *, today: date) -> ParsedCases:
    """One case typed in by hand (field name -> text), checked by the rules of a case
    list's row: it becomes row 1 of a list with a column per field given and per
    required field (so that a missing one is reported as missing)."""
    names = [name for name in FIELDS if name in values or name in REQUIRED]
    table = Table(
        headers=tuple(str(FIELDS[name]) for name in names),
        header_row=0,
        rows=((1, tuple(values.get(name, "") for name in names)),),
        kind="form",
    )
    mapping = ColumnMap(columns=dict(enumerate(names)), unrecognised=(), missing=())
    return parse_cases(table, mapping, today=today)


# Words a YOT's own lists put around its place's name or leave out ("Testshire YOT",
# "Testshire Youth Justice Service", "Testshire County Council", "Testshire").
_YOT_WORDS = frozenset({
    "yot", "yos", "yjs", "youth", "offending", "justice", "team", "service", "services",
    "council", "county", "borough", "city", "district", "of", "the", "and",
})  # fmt: skip


def _place(name: str) -> str:
    words = normalise_header(name).split()
    return " ".join([w for w in words if w not in _YOT_WORDS] or words)


def yot_mismatches(parsed: ParsedCases, names: Sequence[str]) -> list[tuple[int, str]]:
    """The rows that name a YOT other than the one known by ``names`` (its name, its local
    authority), as (row, the name given); names are compared by their place's name."""
    known = {_place(n) for n in names if n.strip()}
    return [(row, named) for row, named in parsed.yots.items() if _place(named) not in known]


def _first(values: Sequence[object]) -> object:
    return next((v for v in values if not _blank(v)), "")


def _is_summary(values: Sequence[object], mapping: ColumnMap) -> bool:
    filled = [v for v in values if not _blank(v)]
    if not filled or len(filled) > 2 or not _SUMMARY.match(_text(filled[0])):
        return False
    return not any(
        mapping.columns.get(i) == "sentence_type" and not _blank(v) for i, v in enumerate(values)
    )
