"""The interview timetable of fieldwork: slots, the rules a booking must keep, a suggestion.

Fieldwork runs from the first day's afternoon to the last day's afternoon (Monday
lunchtime to Wednesday afternoon). Each sampled case is discussed in one slot by its
inspector with its case manager present, so neither may be in two places at once,
and a case manager is not booked while they are unavailable. Times are the wall-clock
times of the fieldwork days, where the YOT is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


def gettext_noop(message: str) -> str:
    """Marks a message for the translation catalogue (the extractor knows this name);
    the caller's ``translate`` gives it in the reader's language."""
    return message


def _as_written(message: str) -> str:
    return message


@dataclass(frozen=True, order=True)
class Slot:
    day: date
    start: time
    end: time

    def overlaps(self, day: date, start: time, end: time) -> bool:
        return self.day == day and self.start < end and start < self.end


@dataclass(frozen=True)
class DayPlan:
    """The working day, and the later start of the first day and earlier end of the last."""

    day_start: time = time(9, 0)
    day_end: time = time(17, 0)
    first_day_start: time = time(12, 0)
    last_day_end: time = time(16, 0)
    slot_minutes: int = 90

    @property
    def first_start(self) -> time:
        """When the first day's slots start: ``first_day_start``, or ``day_start`` if later."""
        return max(self.day_start, self.first_day_start)

    @property
    def last_end(self) -> time:
        """When the last day's slots end: ``last_day_end``, or ``day_end`` if earlier."""
        return min(self.day_end, self.last_day_end)


@dataclass(frozen=True)
class Booking:
    reference: str
    inspector: str
    case_manager: str
    slot: Slot


@dataclass(frozen=True)
class Unavailable:
    case_manager: str
    day: date
    start: time
    end: time


@dataclass(frozen=True)
class CaseToSchedule:
    reference: str
    inspector: str
    case_manager: str


def fieldwork_slots(first_day: date, last_day: date, plan: DayPlan) -> list[Slot]:
    """Back-to-back slots of ``plan.slot_minutes`` on each fieldwork day, each wholly
    inside that day's hours: from ``first_day_start`` on the first day (``day_start``
    if later) and until ``last_day_end`` on the last (``day_end`` if earlier)."""
    if plan.slot_minutes <= 0 or last_day < first_day:
        return []
    length = timedelta(minutes=plan.slot_minutes)
    slots: list[Slot] = []
    day = first_day
    while day <= last_day:
        start = plan.first_start if day == first_day else plan.day_start
        end = plan.last_end if day == last_day else plan.day_end
        at = datetime.combine(day, start)
        while at + length <= datetime.combine(day, end):
            slots.append(Slot(day, at.time(), (at + length).time()))
            at += length
        day += timedelta(days=1)
    return slots


def same_person(a: str, b: str) -> bool:
    """Case manager names as the YOT typed them: case and surrounding spaces aside."""
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()


def booking_refusal(
    case: CaseToSchedule,
    slot: Slot,
    bookings: Iterable[Booking],
    unavailable: Iterable[Unavailable] = (),
    translate: Callable[[str], str] = _as_written,
) -> str | None:
    """Why ``case`` cannot be booked in ``slot``, or None. ``bookings`` may include the
    case's own current booking, which it would leave."""
    if not case.inspector:
        return translate(
            gettext_noop("Case %(reference)s has no inspector yet: allocate it first.")
        ) % {"reference": case.reference}
    for other in bookings:
        if other.reference == case.reference:
            continue
        if not other.slot.overlaps(slot.day, slot.start, slot.end):
            continue
        if other.inspector == case.inspector:
            return translate(
                gettext_noop(
                    "The inspector of case %(reference)s is already interviewing for case "
                    "%(other)s at that time."
                )
            ) % {"reference": case.reference, "other": other.reference}
        if same_person(other.case_manager, case.case_manager):
            return translate(
                gettext_noop(
                    "%(manager)s, the case manager of case %(reference)s, is already booked "
                    "for case %(other)s at that time."
                )
            ) % {
                "manager": case.case_manager.strip(),
                "reference": case.reference,
                "other": other.reference,
            }
    for period in unavailable:
        if same_person(period.case_manager, case.case_manager) and slot.overlaps(
            period.day, period.start, period.end
        ):
            return translate(
                gettext_noop(
                    "%(manager)s, the case manager of case %(reference)s, is unavailable from "
                    "%(start)s to %(end)s that day."
                )
            ) % {
                "manager": case.case_manager.strip(),
                "reference": case.reference,
                "start": f"{period.start:%H:%M}",
                "end": f"{period.end:%H:%M}",
            }
    return None


def suggest_timetable(
    cases: Sequence[CaseToSchedule],
    slots: Sequence[Slot],
    bookings: Sequence[Booking] = (),
    unavailable: Sequence[Unavailable] = (),
) -> tuple[dict[str, Slot], list[str]]:
    """Slots for the cases not yet booked, and the references that found none.

    Existing ``bookings`` stay where they are. Cases are placed one at a time in the
    earliest slot that ``booking_refusal`` accepts, a case manager's cases taken
    together (busiest case manager first) so their interviews fall close together.
    Cases with no inspector are left out (the second list names them too).
    """
    booked = {b.reference for b in bookings}
    placed: list[Booking] = list(bookings)
    result: dict[str, Slot] = {}
    unplaced: list[str] = []
    counts: dict[str, int] = {}
    for case in cases:
        counts[case.case_manager.strip().casefold()] = (
            counts.get(case.case_manager.strip().casefold(), 0) + 1
        )

    def order(case: CaseToSchedule) -> tuple[int, str, str]:
        manager = case.case_manager.strip().casefold()
        return (-counts[manager] if manager else 0, manager, case.reference)

    for case in sorted(cases, key=order):
        if case.reference in booked:
            continue
        for slot in sorted(slots):
            if booking_refusal(case, slot, placed, unavailable) is None:
                result[case.reference] = slot
                placed.append(Booking(case.reference, case.inspector, case.case_manager, slot))
                break
        else:
            unplaced.append(case.reference)
    return result, unplaced


def timetable_problems(
    bookings: Sequence[Booking],
    unavailable: Sequence[Unavailable] = (),
    translate: Callable[[str], str] = _as_written,
) -> list[str]:
    """Every rule a whole timetable breaks (empty when it keeps them all)."""
    problems = []
    for i, booking in enumerate(bookings):
        case = CaseToSchedule(booking.reference, booking.inspector, booking.case_manager)
        refusal = booking_refusal(case, booking.slot, bookings[:i], unavailable, translate)
        if refusal:
            problems.append(refusal)
    return problems
