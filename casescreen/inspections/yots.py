"""The YOT register: reading, and importing it from CSV (all rows or none).

Columns: name, local_authority, nation (England or Wales), region,
board_chair, manager_name, copy_list, and for a YOT in Wales name_cy,
local_authority_cy (its names in Welsh) and copy_list_cy (the Welsh titles of
the copy list's roles). The copy list is "Role: Name" pairs separated by
semicolons, copy_list_cy "Role: Welsh title" pairs for roles of the copy list.
Only name, local_authority and nation are required. A YOT is matched by name:
new names are added, known names are updated and their copy list replaced; a
column the file does not have leaves what the register holds for it as it is
(without copy_list_cy, a role still listed keeps its Welsh title).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext

from casescreen.inspections.models import CopyListContact, Inspection, Yot, copy_list_text
from casescreen.inspections.services import (
    PlanningError,
    copy_list_changed,
    yot_create,
    yot_update,
)
from casescreen.lib.csvfiles import CsvError, read_csv

COLUMNS = (
    "name",
    "local_authority",
    "nation",
    "region",
    "board_chair",
    "manager_name",
    "copy_list",
    "name_cy",
    "local_authority_cy",
    "copy_list_cy",
)
# Optional columns of text; a column the file does not have leaves what the register holds.
DETAILS = ("region", "board_chair", "manager_name", "name_cy", "local_authority_cy")
REQUIRED = ("name", "local_authority", "nation")
MAX_ROWS = 500
MAX_BYTES = 1024 * 1024
LIMITS = {
    "name": 200,
    "local_authority": 200,
    "region": 100,
    "board_chair": 200,
    "manager_name": 200,
    "name_cy": 200,
    "local_authority_cy": 200,
}


@dataclass(frozen=True)
class RegisterRow:
    line: int
    name: str
    local_authority: str
    nation: str
    is_new: bool
    # The DETAILS columns the file has, by name.
    details: dict[str, str] = field(default_factory=dict)
    # None when the file has no copy_list column.
    copy_list: tuple[tuple[str, str], ...] | None = None
    # The Welsh titles of the copy list's roles, by role in lower case; None when the
    # file has no copy_list_cy column.
    copy_list_cy: dict[str, str] | None = None

    @property
    def nation_label(self) -> str:
        """The nation in the page's language (the file names it in English)."""
        return str(Yot.Nation(self.nation).label)


@dataclass
class RegisterImport:
    rows: list[RegisterRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def yot_register() -> QuerySet[Yot]:
    return Yot.objects.prefetch_related(
        Prefetch("copy_list", queryset=CopyListContact.objects.order_by("position", "id"))
    ).order_by("name")


def _pairs(text: str) -> Iterator[tuple[str, str, str]]:
    """The "Role: value" pairs of a cell, separated by semicolons: each item as written,
    its role and its value (both empty when the item is not a pair)."""
    for item in (part.strip() for part in text.split(";")):
        if item:
            role, sep, value = item.partition(":")
            role, value = role.strip(), value.strip()
            yield (item, role, value) if sep and role and value else (item, "", "")


def _copy_list(text: str, line: int, errors: list[str]) -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for item, role, name in _pairs(text):
        if not role:
            errors.append(
                gettext('Row %(line)s: copy list entry "%(item)s" must be "Role: Name".')
                % {"line": line, "item": item[:60]}
            )
            continue
        if len(role) > 200 or len(name) > 300:
            errors.append(
                gettext("Row %(line)s: copy list entry for %(role)s is too long.")
                % {"line": line, "role": role[:60]}
            )
            continue
        if role.lower() in seen:
            errors.append(
                gettext("Row %(line)s: copy list names the role %(role)s twice.")
                % {"line": line, "role": role}
            )
            continue
        seen.add(role.lower())
        pairs.append((role, name))
    return tuple(pairs)


def _welsh_titles(
    text: str, copy_list: tuple[tuple[str, str], ...], line: int, errors: list[str]
) -> dict[str, str]:
    """The copy_list_cy column: "Role: Welsh title" pairs, each for a role of the copy list."""
    roles = {role.lower() for role, _name in copy_list}
    titles: dict[str, str] = {}
    for item, role, title in _pairs(text):
        if not role:
            errors.append(
                gettext('Row %(line)s: Welsh title entry "%(item)s" must be "Role: Welsh title".')
                % {"line": line, "item": item[:60]}
            )
        elif role.lower() not in roles:
            errors.append(
                gettext(
                    "Row %(line)s: copy_list_cy gives a Welsh title for %(role)s, which the"
                    " copy list does not name."
                )
                % {"line": line, "role": role[:60]}
            )
        elif role.lower() in titles:
            errors.append(
                gettext("Row %(line)s: copy_list_cy names the role %(role)s twice.")
                % {"line": line, "role": role}
            )
        elif len(title) > 200:
            errors.append(
                gettext("Row %(line)s: the Welsh title for %(role)s is too long.")
                % {"line": line, "role": role[:60]}
            )
        else:
            titles[role.lower()] = title
    return titles


def parse_register(content: bytes) -> RegisterImport:
    """Check every row; any error means nothing is imported."""
    result = RegisterImport()
    if len(content) > MAX_BYTES:
        result.errors.append(gettext("The file is larger than 1 MB."))
        return result
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(gettext("The file must be a CSV file saved as UTF-8."))
        return result
    if "\x00" in text:
        result.errors.append(
            gettext("The file must be a CSV file, not a spreadsheet or other binary file.")
        )
        return result
    try:
        # A blank line is no row, and the first row names the columns; rows keep their
        # number in the file, as a spreadsheet shows it, for the messages.
        rows = [(line, row) for line, row in enumerate(read_csv(text), start=1) if row]
    except CsvError as exc:
        result.errors.append(str(exc))
        return result
    header = [h.strip().lower() for h in (rows[0][1] if rows else [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        result.errors.append(
            gettext("The first row must name the columns; missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
        return result
    if "copy_list_cy" in header and "copy_list" not in header:
        result.errors.append(
            gettext("The copy_list_cy column gives Welsh titles for the copy_list column: add it.")
        )
        return result
    # Names are the register's ignoring case, as on its pages (services.yot_create).
    known = {name.lower(): name for name in Yot.objects.values_list("name", flat=True)}
    names: set[str] = set()
    # The file names a nation in English ("Wales"), whatever the page's language.
    nations = {value: value for value in Yot.Nation.values}
    for line, values in rows[1:]:
        if len(result.rows) >= MAX_ROWS:
            result.errors.append(
                gettext("The file has more than %(max_rows)s rows.") % {"max_rows": MAX_ROWS}
            )
            break
        record = {k: v.strip() for k, v in zip(header, values, strict=False)}
        if not any(record.values()):
            continue
        row_errors: list[str] = []
        for column in REQUIRED:
            if not record.get(column):
                row_errors.append(
                    gettext("Row %(line)s: %(column)s is missing.")
                    % {"line": line, "column": column.replace("_", " ")}
                )
        for column, limit in LIMITS.items():
            if len(record.get(column, "")) > limit:
                row_errors.append(
                    gettext("Row %(line)s: %(column)s is longer than %(limit)s characters.")
                    % {"line": line, "column": column.replace("_", " "), "limit": limit}
                )
        nation = nations.get(record.get("nation", "").lower())
        if record.get("nation") and nation is None:
            row_errors.append(
                gettext("Row %(line)s: nation must be England or Wales.") % {"line": line}
            )
        name = record.get("name", "")
        if name and name.lower() in names:
            row_errors.append(
                gettext("Row %(line)s: %(name)s appears twice in the file.")
                % {"line": line, "name": name}
            )
        names.add(name.lower())
        held = known.get(name.lower())
        if held is not None and held != name:
            row_errors.append(
                gettext(
                    "Row %(line)s: the register holds this YOT as %(held)s: write its name"
                    " as the register does."
                )
                % {"line": line, "held": held}
            )
        copy_list = (
            _copy_list(record.get("copy_list", ""), line, row_errors)
            if "copy_list" in header
            else None
        )
        copy_list_cy = (
            _welsh_titles(record.get("copy_list_cy", ""), copy_list, line, row_errors)
            if "copy_list_cy" in header and copy_list is not None
            else None
        )
        if row_errors:
            result.errors.extend(row_errors)
            continue
        result.rows.append(
            RegisterRow(
                line=line,
                name=name,
                local_authority=record["local_authority"],
                nation=nation or "",
                is_new=name.lower() not in known,
                details={c: record.get(c, "") for c in DETAILS if c in header},
                copy_list=copy_list,
                copy_list_cy=copy_list_cy,
            )
        )
    if not result.rows and not result.errors:
        result.errors.append(gettext("The file has no YOTs in it."))
    return result


@transaction.atomic
def yot_register_import(*, user: Any, content: bytes) -> RegisterImport:
    """Import the whole file or nothing: the file is checked again before anything is written."""
    result = parse_register(content)
    if not result.ok:
        return result
    for row in result.rows:
        values = {
            "local_authority": row.local_authority,
            "nation": row.nation,
            **row.details,
        }
        yot = Yot.objects.filter(name=row.name).first()
        try:
            if yot is None:
                yot = yot_create(user=user, values={"name": row.name, **values})
            else:
                yot = yot_update(user=user, yot=yot, values=values)
        except PlanningError as error:  # a YOT of that name added meanwhile
            transaction.set_rollback(True)
            return RegisterImport(errors=[str(error)])
        if row.copy_list is not None:
            _copy_list_import(user=user, yot=yot, row=row, copy_list=row.copy_list)
    return result


def _copy_list_import(
    *, user: Any, yot: Yot, row: RegisterRow, copy_list: tuple[tuple[str, str], ...]
) -> None:
    """Replace the YOT's copy list with the row's, recorded, when they differ. Without the
    copy_list_cy column a role still listed keeps the Welsh title held."""
    held = list(yot.copy_list.order_by("position", "id"))
    welsh = row.copy_list_cy
    if welsh is None:
        welsh = {c.role_title.lower(): c.role_title_cy for c in held}
    listed = [(role, welsh.get(role.lower(), ""), name) for role, name in copy_list]
    if [(c.role_title, c.role_title_cy, c.name) for c in held] == listed:
        return
    yot.copy_list.all().delete()
    CopyListContact.objects.bulk_create(
        CopyListContact(yot=yot, role_title=role, role_title_cy=title, name=name, position=index)
        for index, (role, title, name) in enumerate(listed)
    )
    copy_list_changed(user=user, yot=yot, old=copy_list_text(held))


@dataclass(frozen=True)
class CalendarMonth:
    month: Any
    inspections: list[Inspection]


def programme_calendar() -> list[CalendarMonth]:
    """All inspections grouped by the month their fieldwork starts, earliest first (a
    YOT's self-assessments are its own, not the inspectorate's programme)."""
    months: OrderedDict[Any, list[Inspection]] = OrderedDict()
    inspections = Inspection.objects.filter(kind=Inspection.Kind.INSPECTION)
    for inspection in inspections.select_related("yot").order_by("fieldwork_start", "reference"):
        months.setdefault(inspection.fieldwork_start.replace(day=1), []).append(inspection)
    return [CalendarMonth(month=m, inspections=items) for m, items in months.items()]
