"""The interview timetable: slots over the fieldwork days, no double booking, blocked periods."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casescreen.domain.timetable import (
    Booking,
    CaseToSchedule,
    DayPlan,
    Slot,
    Unavailable,
    booking_refusal,
    fieldwork_slots,
    suggest_timetable,
    timetable_problems,
)

MONDAY, TUESDAY, WEDNESDAY = date(2015, 3, 16), date(2015, 3, 17), date(2015, 3, 18)
SLOTS = fieldwork_slots(MONDAY, WEDNESDAY, DayPlan())


def test_the_default_runs_from_monday_noon_to_wednesday_four_in_ninety_minute_slots() -> None:
    assert SLOTS[0] == Slot(MONDAY, time(12, 0), time(13, 30))
    assert [s.start for s in SLOTS if s.day == MONDAY] == [time(12), time(13, 30), time(15)]
    assert [s.start for s in SLOTS if s.day == TUESDAY] == [
        time(9),
        time(10, 30),
        time(12),
        time(13, 30),
        time(15),
    ]
    assert SLOTS[-1] == Slot(WEDNESDAY, time(13, 30), time(15, 0))
    assert all(s.end <= time(16) for s in SLOTS if s.day == WEDNESDAY)
    assert len(SLOTS) == 12


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        (DayPlan(slot_minutes=60), 5 + 8 + 7),
        (DayPlan(day_start=time(10), day_end=time(16), slot_minutes=120), 2 + 3 + 3),
        (DayPlan(slot_minutes=0), 0),
        (DayPlan(slot_minutes=600), 0),
    ],
)
def test_the_day_and_slot_length_can_be_set(plan: DayPlan, expected: int) -> None:
    assert len(fieldwork_slots(MONDAY, WEDNESDAY, plan)) == expected


def test_a_one_day_fieldwork_starts_late_and_ends_early() -> None:
    slots = fieldwork_slots(MONDAY, MONDAY, DayPlan(slot_minutes=60))
    assert [s.start for s in slots] == [time(12), time(13), time(14), time(15)]


CASE = CaseToSchedule("TB1", "ian", "Case manager A")
SLOT = SLOTS[0]


@pytest.mark.parametrize(
    ("other", "message"),
    [
        (Booking("TB2", "ian", "Case manager B", SLOT), "inspector of case TB1 is already"),
        (Booking("TB2", "lena", " case manager a ", SLOT), "Case manager A, the case manager"),
    ],
)
def test_nobody_is_in_two_places_at_once(other: Booking, message: str) -> None:
    refusal = booking_refusal(CASE, SLOT, [other])
    assert refusal is not None and message in refusal and "TB2" in refusal


def test_different_people_at_the_same_time_or_the_same_people_later_are_fine() -> None:
    assert booking_refusal(CASE, SLOT, [Booking("TB2", "lena", "Case manager B", SLOT)]) is None
    assert booking_refusal(CASE, SLOT, [Booking("TB2", "ian", "Case manager A", SLOTS[1])]) is None
    # Moving a case within its own booking is no clash.
    assert booking_refusal(CASE, SLOT, [Booking("TB1", "ian", "Case manager A", SLOT)]) is None


def test_cases_without_a_case_manager_never_clash_on_the_case_manager() -> None:
    case = CaseToSchedule("TB1", "ian", "")
    assert booking_refusal(case, SLOT, [Booking("TB2", "lena", "", SLOT)]) is None


def test_a_case_needs_its_inspector_before_it_is_booked() -> None:
    refusal = booking_refusal(CaseToSchedule("TB1", "", "A"), SLOT, [])
    assert refusal == "Case TB1 has no inspector yet: allocate it first."


def test_a_blocked_period_is_respected_wherever_it_overlaps() -> None:
    blocked = [Unavailable("Case manager A", MONDAY, time(13), time(14))]
    refusal = booking_refusal(CASE, SLOT, [], blocked)
    assert refusal is not None and "unavailable from 13:00 to 14:00" in refusal
    assert booking_refusal(CASE, SLOTS[2], [], blocked) is None
    assert booking_refusal(CaseToSchedule("TB3", "ian", "B"), SLOT, [], blocked) is None


def test_the_suggestion_fills_the_earliest_free_slots() -> None:
    cases = [
        CaseToSchedule("TB1", "ian", "A"),
        CaseToSchedule("TB2", "lena", "B"),
        CaseToSchedule("TB3", "ian", "B"),
        CaseToSchedule("TB4", "lena", "A"),
    ]
    placed, unplaced = suggest_timetable(cases, SLOTS)
    assert unplaced == []
    assert {placed["TB1"], placed["TB2"]} == {SLOTS[0]}
    assert {placed["TB3"], placed["TB4"]} == {SLOTS[1]}


def test_the_suggestion_keeps_bookings_and_avoids_blocked_periods() -> None:
    cases = [CaseToSchedule("TB1", "ian", "A"), CaseToSchedule("TB2", "ian", "B")]
    kept = [Booking("TB2", "ian", "B", SLOTS[1])]
    blocked = [Unavailable("A", MONDAY, time(9), time(17))]
    placed, unplaced = suggest_timetable(cases, SLOTS, kept, blocked)
    assert placed == {"TB1": SLOTS[3]}
    assert unplaced == []


def test_the_suggestion_names_the_cases_it_could_not_place() -> None:
    cases = [CaseToSchedule(f"TB{i}", "ian", "A") for i in range(14)]
    cases.append(CaseToSchedule("TB99", "", "B"))
    placed, unplaced = suggest_timetable(cases, SLOTS)
    assert len(placed) == 12
    assert len(unplaced) == 3 and "TB99" in unplaced


@given(
    st.lists(
        st.tuples(st.sampled_from(["ian", "lena", "kim", ""]), st.sampled_from(["A", "B", "C"])),
        max_size=40,
    ),
    st.lists(st.tuples(st.sampled_from(["A", "B"]), st.integers(0, 11)), max_size=4),
)
def test_a_suggested_timetable_breaks_no_rule(
    people: list[tuple[str, str]], blocks: list[tuple[str, int]]
) -> None:
    cases = [CaseToSchedule(f"C{i}", who, cm) for i, (who, cm) in enumerate(people)]
    blocked = [Unavailable(cm, SLOTS[i].day, SLOTS[i].start, SLOTS[i].end) for cm, i in blocks]
    placed, unplaced = suggest_timetable(cases, SLOTS, (), blocked)
    by_ref = {c.reference: c for c in cases}
    bookings = [
        Booking(ref, by_ref[ref].inspector, by_ref[ref].case_manager, slot)
        for ref, slot in placed.items()
    ]
    assert timetable_problems(bookings, blocked) == []
    assert set(placed) | set(unplaced) == set(by_ref)
    assert not set(placed) & set(unplaced)
