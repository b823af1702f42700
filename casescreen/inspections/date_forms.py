"""How this app's forms read a date typed into a GOV.UK date input.

A date is three boxes (day, month, year) named ``<prefix>_day``, ``<prefix>_month`` and
``<prefix>_year`` (``day``, ``month`` and ``year`` without a prefix, as
:class:`casescreen.lib.forms.DateInput` renders them), checked together: one message per
date, naming it, on its first wrong box.

A day and a month have at most 2 digits and a year is from ``YEAR_MIN`` to ``YEAR_MAX``:
a larger number is no date at all, and an inspection in year 1 has no day before it to
be announced on (the notice period would count back past the first date there is).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

from casescreen.lib.forms import DATE_PARTS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

YEAR_MIN = 2000
YEAR_MAX = 2100
# How messages name each box of a date.
PART_NAMES = {
    "day": gettext_lazy("day"),
    "month": gettext_lazy("month"),
    "year": gettext_lazy("year"),
}


def date_part(label: StrOrPromise) -> forms.CharField:
    """One box of a date input: the text as typed, read with the others by ``read_date``."""
    return forms.CharField(label=label, required=False, strip=True)


def read_date(form: forms.Form, prefix: str, label: StrOrPromise) -> date | None:
    """The date typed into the boxes of ``prefix``, or None with a message on the first
    wrong box. Call it from the form's ``clean``; ``label`` names the date in messages
    ("the announcement date")."""

    def name(part: str) -> str:
        return f"{prefix}_{part}" if prefix else part

    parts = {part: str(form.cleaned_data.get(name(part)) or "") for part in DATE_PARTS}
    missing = [part for part in DATE_PARTS if not parts[part]]
    if len(missing) == len(DATE_PARTS):
        form.add_error(name("day"), gettext("Enter %(label)s") % {"label": label})
        return None
    if missing:
        form.add_error(
            name(missing[0]),
            gettext("%(label)s must include a %(parts)s")
            % {
                "label": capfirst(label),
                "parts": gettext(" and ").join(str(PART_NAMES[part]) for part in missing),
            },
        )
        return None
    # isdecimal, not isdigit: the digits int() reads, never a "²" that would fail it.
    not_number = [part for part in DATE_PARTS if not parts[part].isdecimal()]
    if not_number:
        form.add_error(
            name(not_number[0]),
            gettext("%(label)s must be a real date, in numbers") % {"label": capfirst(label)},
        )
        return None
    too_long = [part for part in ("day", "month") if len(parts[part]) > 2]
    if too_long:
        form.add_error(
            name(too_long[0]),
            gettext("%(label)s must be a real date") % {"label": capfirst(label)},
        )
        return None
    if len(parts["year"]) != 4:
        form.add_error(
            name("year"),
            gettext("The year in %(label)s must have 4 digits, like 2026") % {"label": label},
        )
        return None
    year = int(parts["year"])
    if not YEAR_MIN <= year <= YEAR_MAX:
        form.add_error(
            name("year"),
            gettext("The year in %(label)s must be from %(low)s to %(high)s")
            % {"label": label, "low": YEAR_MIN, "high": YEAR_MAX},
        )
        return None
    try:
        return date(year, int(parts["month"]), int(parts["day"]))
    except ValueError:
        form.add_error(
            name("day"),
            gettext("%(label)s must be a real date") % {"label": capfirst(label)},
        )
        return None
