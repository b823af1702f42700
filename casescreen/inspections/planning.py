"""Planning an inspection: the reference it is suggested, and the dates worth a second look.

Warnings, never refusals: a plan may have good reasons to differ from the framework's
schedule (fieldwork from a Monday for so many working days, the YOT told on a working
day), so the person planning is told and decides.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache

import holidays
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext

from casescreen.frameworks.loader import Schedule
from casescreen.frameworks.vocabularies import count_words
from casescreen.inspections.models import Inspection, Yot

# Words a YOT's name ends with that say nothing about where it is.
_TEAM_WORDS = re.compile(
    r"\b(yot|yos|yjs|youth (offending|justice) (team|service))\s*$", flags=re.IGNORECASE
)
REFERENCE_MAX = Inspection._meta.get_field("reference").max_length or 60
REFERENCE_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def reference_base(yot: Yot, fieldwork_start: date) -> str:
    """The YOT's place and the month fieldwork starts: ``redbridge-2015-02``."""
    place = slugify(_TEAM_WORDS.sub("", yot.name).strip()) or slugify(yot.name) or "yot"
    month = f"-{fieldwork_start:%Y-%m}"
    return place[: REFERENCE_MAX - len(month) - 3].strip("-") + month


def suggested_reference(yot: Yot, fieldwork_start: date) -> str:
    """``reference_base``, or the first of ``-2``, ``-3``... after it that is free."""
    base = reference_base(yot, fieldwork_start)
    taken = set(
        Inspection.objects.filter(reference__startswith=base).values_list("reference", flat=True)
    )
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


@cache
def _bank_holidays(year: int) -> holidays.HolidayBase:
    # England's list is England and Wales's: Wales has the same bank holidays.
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def bank_holiday(day: date) -> str | None:
    """The name of the bank holiday in England and Wales on ``day``, or None."""
    return _bank_holidays(day.year).get(day)


def _long(day: date) -> str:
    return date_format(day, "l j F Y")


def usual_fieldwork_end(fieldwork_start: date, schedule: Schedule) -> date:
    """The last day of fieldwork that starts on ``fieldwork_start`` and lasts the schedule's
    working days (Monday to Friday): for three days from a Monday, the Wednesday."""
    day, left = fieldwork_start, schedule.fieldwork_days - 1
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def usual_fieldwork(schedule: Schedule) -> str:
    """The framework's fieldwork as a sentence says it."""
    days = schedule.fieldwork_days
    if days == 1:
        return gettext("Fieldwork usually takes one day, a Monday")
    if days <= 5:
        last = date_format(usual_fieldwork_end(date(2024, 1, 1), schedule), "l")  # a Monday
        return gettext("Fieldwork usually runs from a Monday to the %(last)s after it") % {
            "last": last
        }
    return gettext("Fieldwork usually runs for %(days)s working days from a Monday") % {
        "days": count_words(days)
    }


def plan_warnings(
    *, announcement: date, fieldwork_start: date, fieldwork_end: date, schedule: Schedule
) -> list[str]:
    """What is unusual about the plan's dates, in words for the check answers page."""
    warnings = []
    usual = fieldwork_start.weekday() == 0 and fieldwork_end == usual_fieldwork_end(
        fieldwork_start, schedule
    )
    if not usual:
        warnings.append(
            gettext("%(usual)s; this plan has it from %(start)s to %(end)s.")
            % {
                "usual": usual_fieldwork(schedule),
                "start": _long(fieldwork_start),
                "end": _long(fieldwork_end),
            }
        )
    holiday = bank_holiday(announcement)
    if holiday:
        warnings.append(
            gettext(
                "The announcement date, %(day)s, is a bank holiday in England and Wales "
                "(%(holiday)s): the YOT manager may not see it until the next working day."
            )
            % {"day": _long(announcement), "holiday": holiday}
        )
    elif announcement.weekday() >= 5:
        warnings.append(
            gettext(
                "The announcement date, %(day)s, is at the weekend: the YOT manager may not "
                "see it until the next working day."
            )
            % {"day": _long(announcement)}
        )
    return warnings
