"""Model instances from rows read with hand-written SQL, converted as the ORM converts them.

For the few statements that run on every request or every save, where building the
query with the ORM costs more than running it (``bench/answer_load.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, TypeVar

from django.db import connections
from django.db.models import Model

M = TypeVar("M", bound=Model)

Converter = Callable[[Any, Any, Any], Any]


# Worked out once per model and database: the converters of the first connection serve
# every thread, as they read nothing of their connection but its settings (time zone).
@cache
def _layout(
    model: type[Model], alias: str
) -> tuple[str, list[str], list[tuple[Any, list[Converter]]]]:
    connection = connections[alias]
    table = model._meta.db_table
    fields = model._meta.concrete_fields
    columns = ", ".join(
        f"{connection.ops.quote_name(table)}.{connection.ops.quote_name(str(f.column))}"
        for f in fields
    )
    converters = []
    for field in fields:
        col = field.get_col(table)
        converters.append(
            (col, connection.ops.get_db_converters(col) + col.get_db_converters(connection))
        )
    return columns, [f.attname for f in fields], converters


def model_columns(model: type[Model], alias: str = "default") -> str:
    """The model's columns in field order, qualified by its table, for a SELECT list."""
    return _layout(model, alias)[0]


def model_from_row(model: type[M], row: Sequence[Any], alias: str = "default") -> M:
    """An instance from the values of ``model_columns``, in that order, as the ORM would build it."""
    _, names, converters = _layout(model, alias)
    connection = connections[alias]
    values = []
    for value, (col, steps) in zip(row, converters, strict=True):
        for convert in steps:
            value = convert(value, col, connection)
        values.append(value)
    return model.from_db(alias, names, values)
