"""Reads for the allocation and timetable pages, the downloads and the task list."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.db.models import QuerySet

from casescreen.accounts.models import User
from casescreen.assessments.models import Assessment
from casescreen.cases.models import Case
from casescreen.domain import timetable as domain
from casescreen.fieldwork.models import Interview, TimetableSettings, Unavailability
from casescreen.inspections.models import Inspection
from casescreen.lib.tasklist import CANNOT_START, COMPLETED, IN_PROGRESS, NOT_STARTED


@dataclass(frozen=True)
class FieldworkCase:
    pk: int
    reference: str
    case_manager: str
    inspector_id: int | None
    inspector: str
    status: str
    status_label: str
    day: date | None
    start: time | None
    end: time | None

    @property
    def scheduled(self) -> bool:
        return self.day is not None


def team(inspection: Inspection) -> QuerySet[User]:
    """Everyone on the team, lead included, who may take cases."""
    return User.objects.filter(memberships__inspection=inspection).order_by(
        "first_name", "last_name", "username"
    )


def team_keys(inspection: Inspection) -> set[str]:
    """The primary keys, as text, of everyone on the team: ``unallocated``'s ``members``."""
    return {str(pk) for pk in team(inspection).values_list("pk", flat=True)}


def _name(first: str | None, last: str | None, username: str | None) -> str:
    return f"{first or ''} {last or ''}".strip() or (username or "")


def sampled_cases(inspection: Inspection, *, first_for: Any = None) -> list[FieldworkCase]:
    """The sampled cases with inspector, assessment status and interview, in one query;
    ``first_for``'s own cases first, each part by reference."""
    rows = (
        Case.objects.filter(inspection=inspection, sample_status=Case.SampleStatus.SAMPLED)
        .order_by("reference")
        .values(
            "pk",
            "reference",
            "case_manager",
            "assessment__inspector_id",
            "assessment__inspector__first_name",
            "assessment__inspector__last_name",
            "assessment__inspector__username",
            "assessment__status",
            "interview__day",
            "interview__start",
            "interview__end",
        )
    )
    labels = dict(Assessment.Status.choices)
    cases = [
        FieldworkCase(
            pk=row["pk"],
            reference=row["reference"],
            case_manager=row["case_manager"],
            inspector_id=row["assessment__inspector_id"],
            inspector=_name(
                row["assessment__inspector__first_name"],
                row["assessment__inspector__last_name"],
                row["assessment__inspector__username"],
            ),
            status=row["assessment__status"] or Assessment.Status.NOT_STARTED,
            status_label=str(
                labels.get(row["assessment__status"] or Assessment.Status.NOT_STARTED, "")
            ),
            day=row["interview__day"],
            start=row["interview__start"],
            end=row["interview__end"],
        )
        for row in rows
    ]
    own = getattr(first_for, "pk", None)
    if own is not None:
        cases.sort(key=lambda c: c.inspector_id != own)
    return cases


def unallocated(cases: Sequence[FieldworkCase], members: Collection[str]) -> list[FieldworkCase]:
    """The cases the suggested allocation gives an inspector: those whose inspector is
    not on the team (none yet, or someone who has left it) and not yet assessed, which
    stay with whoever assessed them. ``members`` are the team's primary keys as text."""
    return [
        c
        for c in cases
        if str(c.inspector_id) not in members and c.status != Assessment.Status.COMPLETED
    ]


def timetable_settings(inspection: Inspection) -> TimetableSettings:
    """The inspection's settings, or the defaults (unsaved) when none were chosen."""
    found = TimetableSettings.objects.filter(inspection=inspection).first()
    return found or TimetableSettings(inspection=inspection)


def day_plan(settings: TimetableSettings) -> domain.DayPlan:
    return domain.DayPlan(
        day_start=settings.day_start,
        day_end=settings.day_end,
        first_day_start=settings.first_day_start,
        last_day_end=settings.last_day_end,
        slot_minutes=settings.slot_minutes,
    )


def slots(inspection: Inspection, settings: TimetableSettings | None = None) -> list[domain.Slot]:
    plan = day_plan(settings or timetable_settings(inspection))
    return domain.fieldwork_slots(inspection.fieldwork_start, inspection.fieldwork_end, plan)


def bookings(inspection: Inspection) -> list[domain.Booking]:
    return [
        domain.Booking(ref, str(inspector_id), manager, domain.Slot(day, start, end))
        for ref, inspector_id, manager, day, start, end in Interview.objects.filter(
            inspection=inspection
        ).values_list("case__reference", "inspector_id", "case_manager", "day", "start", "end")
    ]


def unavailability(inspection: Inspection) -> QuerySet[Unavailability]:
    return Unavailability.objects.filter(inspection=inspection)


def unavailable_periods(inspection: Inspection) -> list[domain.Unavailable]:
    return [
        domain.Unavailable(p.case_manager, p.day, p.start, p.end)
        for p in unavailability(inspection)
    ]


def case_managers(inspection: Inspection) -> list[str]:
    """The case managers of the sampled cases, as named in the case list."""
    names = (
        Case.objects.filter(inspection=inspection, sample_status=Case.SampleStatus.SAMPLED)
        .exclude(case_manager="")
        .values_list("case_manager", flat=True)
        .distinct()
    )
    return sorted(set(names))


def allocation_status(inspection: Inspection) -> str:
    """The task list's word for allocation and timetabling: "Cannot start yet" without a
    sample; "Completed" once every sampled case has an inspector and an interview;
    "In progress" once any has either; otherwise "Not yet started"."""
    cases = sampled_cases(inspection)
    if not cases:
        return CANNOT_START
    allocated = sum(c.inspector_id is not None for c in cases)
    scheduled = sum(c.scheduled for c in cases)
    if allocated == scheduled == len(cases):
        return COMPLETED
    if allocated or scheduled:
        return IN_PROGRESS
    return NOT_STARTED
