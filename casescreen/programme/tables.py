"""Server-side sorting of the programme tables from the query string (no JavaScript needed)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import QueryDict

from casescreen.programme.selectors import QuestionRow, YotRow

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


QUESTION_KEYS: dict[str, Callable[[QuestionRow], Any]] = {
    "paragraph": lambda row: None,  # framework order
    "share": lambda row: row.pooled.share,
    "low": lambda row: row.pooled.interval[0] if row.pooled.interval else None,
    "applicable": lambda row: row.pooled.applicable,
    "median": lambda row: row.spread[1] if row.spread else None,
}
YOT_KEYS: dict[str, Callable[[YotRow], Any]] = {
    "name": lambda row: row.name,
    "region": lambda row: (row.region, row.name),
    "share": lambda row: row.overall.share,
    "change": lambda row: row.comparison.change if row.comparison else None,
    "reoffending": lambda row: row.reoffending_rate,
    "cases": lambda row: row.cases,
}


@dataclass(frozen=True)
class Column:
    label: str
    url: str
    aria_sort: str
    numeric: bool


def sort_rows(
    rows: list[Any], keys: dict[str, Callable[[Any], Any]], key: str, desc: bool
) -> list[Any]:
    """Sort by a named column; rows without a value (suppressed) always go last."""
    if key not in keys or key == "paragraph":
        return list(reversed(rows)) if desc else list(rows)
    present = [row for row in rows if keys[key](row) is not None]
    missing = [row for row in rows if keys[key](row) is None]
    return sorted(present, key=keys[key], reverse=desc) + missing


def columns(
    query: QueryDict,
    prefix: str,
    current: str,
    desc: bool,
    spec: Sequence[tuple[str, StrOrPromise, bool]],
) -> list[Column]:
    """Header links: a column sorts ascending first, then toggles."""
    result = []
    for key, label, numeric in spec:
        params = query.copy()
        params[f"{prefix}sort"] = key
        params[f"{prefix}dir"] = "asc" if key != current or desc else "desc"
        state = "none"
        if key == current:
            state = "descending" if desc else "ascending"
        result.append(Column(str(label), "?" + params.urlencode(), state, numeric))
    return result
