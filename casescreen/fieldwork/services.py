"""Writes for fieldwork: allocating cases to inspectors and booking their interviews.

Every write locks the inspection's row first, so two changes to one timetable run one
after the other and each checks the rules against what the other wrote; the database's
unique constraints on interviews stand behind the checks. A refused change raises
:class:`FieldworkError` with a message for the user and writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, time
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from casescreen.assessments.models import Assessment
from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_changes, audit_record
from casescreen.cases.models import Case
from casescreen.domain import allocation as allocation_rules
from casescreen.domain import timetable as rules
from casescreen.fieldwork import selectors
from casescreen.fieldwork.models import Interview, TimetableSettings, Unavailability
from casescreen.inspections.models import Inspection
from casescreen.moderation.selectors import second_assessors


class FieldworkError(ValueError):
    """A change refused; the message says why, and names the field where there is one."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def _locked(inspection: Inspection) -> Inspection:
    locked = Inspection.objects.select_for_update(no_key=True).get(pk=inspection.pk)
    if locked.records_frozen:
        raise FieldworkError(locked.records_frozen_message)
    return locked


def _name(user: Any) -> str:
    return user.display_name if user is not None else "nobody"


def _sampled(inspection: Inspection, references: Sequence[str]) -> list[Assessment]:
    assessments = list(
        Assessment.objects.select_for_update(of=("self",))
        .select_related("case", "inspector")
        .filter(
            case__inspection=inspection,
            case__sample_status=Case.SampleStatus.SAMPLED,
            case__reference__in=references,
        )
        .order_by("case__reference")
    )
    missing = sorted(set(references) - {a.case.reference for a in assessments})
    if missing:
        raise FieldworkError(
            gettext("No sampled case %(join)s in this inspection.") % {"join": ", ".join(missing)},
            "cases",
        )
    return assessments


def _assign(*, user: Any, inspection: Inspection, changes: dict[str, Any]) -> int:
    """Give each case (reference -> team member) its inspector; all or nothing."""
    if not changes:
        return 0
    members = {m.pk for m in selectors.team(inspection)}
    for who in changes.values():
        if who.pk not in members:
            raise FieldworkError(
                gettext("%(display_name)s is not on this inspection's team.")
                % {"display_name": who.display_name},
                "inspector",
            )
    assessments = [
        a
        for a in _sampled(inspection, list(changes))
        if a.inspector_id != changes[a.case.reference].pk
    ]
    seconds = second_assessors(inspection)
    for assessment in assessments:
        if assessment.status == Assessment.Status.COMPLETED:
            raise FieldworkError(
                gettext("Case %(reference)s is already assessed by %(name)s: it stays with them.")
                % {"reference": assessment.case.reference, "name": _name(assessment.inspector)},
                "cases",
            )
        who = changes[assessment.case.reference]
        if seconds.get(assessment.case.reference) == who.pk:
            raise FieldworkError(
                gettext(
                    "%(display_name)s is making the second assessment of case %(reference)s, "
                    "so cannot make the first: give the case to someone else."
                )
                % {"display_name": who.display_name, "reference": assessment.case.reference},
                "inspector",
            )
    # Interviews follow their case to its new inspector, if that keeps everyone free.
    moving = {a.case.reference: changes[a.case.reference] for a in assessments}
    after = [
        replace(b, inspector=str(moving[b.reference].pk)) if b.reference in moving else b
        for b in selectors.bookings(inspection)
    ]
    problems = rules.timetable_problems(after, translate=gettext)
    if problems:
        raise FieldworkError(
            gettext("%(problem)s Move the interview before changing its inspector.")
            % {"problem": problems[0]},
            "inspector",
        )
    for assessment in assessments:
        old = assessment.inspector
        assessment.inspector = changes[assessment.case.reference]
        assessment.save(update_fields=["inspector", "updated_at"])
        audit_record(
            user=user,
            action=AuditEvent.Action.CHANGE,
            object_type="Assessment",
            object_id=assessment.pk,
            inspection=inspection,
            case=assessment.case,
            field="inspector",
            old=_name(old) if old else "",
            new=_name(assessment.inspector),
        )
    # Every case moves to one inspector, whose timetable was checked above as it ends up,
    # so each row written on the way there keeps the unique constraints too.
    for interview in Interview.objects.select_related("case").filter(
        case__in=[a.case_id for a in assessments]
    ):
        interview.inspector = moving[interview.case.reference]
        interview.save(update_fields=["inspector", "updated_at"])
    return len(assessments)


@transaction.atomic
def allocation_assign(
    *, user: Any, inspection: Inspection, references: Sequence[str], inspector: Any
) -> int:
    """Give the cases to ``inspector`` (one case or many); returns how many changed."""
    if not references:
        raise FieldworkError(gettext("Select at least one case."), "cases")
    inspection = _locked(inspection)
    return _assign(user=user, inspection=inspection, changes=dict.fromkeys(references, inspector))


@transaction.atomic
def allocation_apply_suggestion(*, user: Any, inspection: Inspection) -> int:
    """Allocate every case not yet allocated as ``domain.allocation`` suggests, keeping
    the allocations already made; returns how many cases were allocated."""
    inspection = _locked(inspection)
    members = {str(m.pk): m for m in selectors.team(inspection)}
    if not members:
        raise FieldworkError(gettext("The inspection has nobody on its team to take cases."))
    cases = selectors.sampled_cases(inspection)
    if not cases:
        raise FieldworkError(gettext("There is no sample yet: draw the sample first."))
    suggestion = allocation_rules.suggest_allocation(
        [allocation_rules.CaseToAllocate(c.reference, c.case_manager) for c in cases],
        list(members),
        fixed={c.reference: str(c.inspector_id) for c in cases if c.inspector_id},
    )
    unallocated = {c.reference for c in selectors.unallocated(cases, members)}
    changes = {ref: members[who] for ref, who in suggestion.items() if ref in unallocated}
    return _assign(user=user, inspection=inspection, changes=changes)


def _case(inspection: Inspection, reference: str) -> Case:
    case = (
        Case.objects.select_related("assessment")
        .filter(inspection=inspection, reference=reference, sample_status=Case.SampleStatus.SAMPLED)
        .first()
    )
    if case is None:
        raise FieldworkError(
            gettext("No sampled case %(reference)s in this inspection.") % {"reference": reference},
            "slot",
        )
    return case


@transaction.atomic
def interview_book(
    *, user: Any, inspection: Inspection, reference: str, slot: rules.Slot | None
) -> Interview | None:
    """Book the case's interview in ``slot`` (one of the timetable's), or take it off the
    timetable when ``slot`` is None."""
    inspection = _locked(inspection)
    case = _case(inspection, reference)
    current = Interview.objects.filter(case=case).first()
    before = f"{current.day:%Y-%m-%d} {current.start:%H:%M}" if current else ""
    if slot is None:
        if current is not None:
            current.delete()
            audit_record(
                user=user,
                action=AuditEvent.Action.DELETE,
                object_type="Interview",
                object_id=current.pk,
                inspection=inspection,
                case=case,
                field="slot",
                old=before,
            )
        return None
    if slot not in selectors.slots(inspection):
        raise FieldworkError(gettext("Choose one of the timetable's slots."), "slot")
    inspector_id = case.assessment.inspector_id
    if inspector_id is None or str(inspector_id) not in selectors.team_keys(inspection):
        raise FieldworkError(
            gettext("Case %(reference)s has no inspector yet: allocate it first.")
            % {"reference": case.reference},
            "slot",
        )
    refusal = rules.booking_refusal(
        rules.CaseToSchedule(case.reference, str(inspector_id), case.case_manager),
        slot,
        selectors.bookings(inspection),
        selectors.unavailable_periods(inspection),
        translate=gettext,
    )
    if refusal:
        raise FieldworkError(refusal, "slot")
    interview = current or Interview(inspection=inspection, case=case)
    interview.day, interview.start, interview.end = slot.day, slot.start, slot.end
    interview.inspector_id = inspector_id
    interview.case_manager = case.case_manager.strip()
    try:
        with transaction.atomic():
            interview.save()
    except IntegrityError as exc:
        raise FieldworkError(
            gettext("Someone else booked that slot for the same people meanwhile: choose another."),
            "slot",
        ) from exc
    audit_record(
        user=user,
        action=AuditEvent.Action.CHANGE if current else AuditEvent.Action.CREATE,
        object_type="Interview",
        object_id=interview.pk,
        inspection=inspection,
        case=case,
        field="slot",
        old=before,
        new=f"{slot.day:%Y-%m-%d} {slot.start:%H:%M}",
    )
    return interview


@transaction.atomic
def timetable_apply_suggestion(
    *, user: Any, inspection: Inspection
) -> tuple[int, list[str], list[str]]:
    """Book every case allocated to someone on the team and not yet on the timetable as
    ``domain.timetable`` suggests; returns how many were booked, the references left
    without a free slot, and those to allocate first (``selectors.unallocated``)."""
    inspection = _locked(inspection)
    cases = selectors.sampled_cases(inspection)
    if not cases:
        raise FieldworkError(gettext("There is no sample yet: draw the sample first."))
    members = selectors.team_keys(inspection)
    allocated = {
        c.reference: c.inspector_id
        for c in cases
        if c.inspector_id is not None and str(c.inspector_id) in members
    }
    not_allocated = [c.reference for c in selectors.unallocated(cases, members)]
    placed, unplaced = rules.suggest_timetable(
        [
            rules.CaseToSchedule(c.reference, str(allocated[c.reference]), c.case_manager)
            for c in cases
            if c.reference in allocated
        ],
        selectors.slots(inspection),
        selectors.bookings(inspection),
        selectors.unavailable_periods(inspection),
    )
    by_reference = {c.reference: c for c in cases}
    interviews = Interview.objects.bulk_create(
        Interview(
            inspection=inspection,
            case_id=by_reference[ref].pk,
            day=slot.day,
            start=slot.start,
            end=slot.end,
            inspector_id=allocated[ref],
            case_manager=by_reference[ref].case_manager.strip(),
        )
        for ref, slot in sorted(placed.items())
    )
    for interview, (ref, slot) in zip(interviews, sorted(placed.items()), strict=True):
        audit_record(
            user=user,
            action=AuditEvent.Action.CREATE,
            object_type="Interview",
            object_id=interview.pk or "",
            inspection=inspection,
            field="slot",
            new=f"{ref} {slot.day:%Y-%m-%d} {slot.start:%H:%M}",
        )
    return len(placed), unplaced, not_allocated


@transaction.atomic
def timetable_settings_update(
    *,
    user: Any,
    inspection: Inspection,
    day_start: time,
    day_end: time,
    first_day_start: time,
    last_day_end: time,
    slot_minutes: int,
) -> TimetableSettings:
    """Change the working day or slot length; refused while an interview would no
    longer be on one of the slots."""
    inspection = _locked(inspection)
    if day_end <= day_start:
        raise FieldworkError(gettext("The day must end after it starts."), "day_end")
    if not 15 <= slot_minutes <= 480:
        raise FieldworkError(
            gettext("A slot must be between 15 and 480 minutes long."), "slot_minutes"
        )
    settings, _ = TimetableSettings.objects.get_or_create(inspection=inspection)
    fields = ("day_start", "day_end", "first_day_start", "last_day_end", "slot_minutes")
    before = {f: getattr(settings, f) for f in fields}
    after = {
        "day_start": day_start,
        "day_end": day_end,
        "first_day_start": first_day_start,
        "last_day_end": last_day_end,
        "slot_minutes": slot_minutes,
    }
    for name, value in after.items():
        setattr(settings, name, value)
    grid = set(selectors.slots(inspection, settings))
    off = sorted(b.reference for b in selectors.bookings(inspection) if b.slot not in grid)
    if off:
        raise FieldworkError(
            gettext(
                "These interviews would no longer be on a slot: %(join)s. Move them or "
                "take them off the timetable first."
            )
            % {"join": ", ".join(off)},
            "slot_minutes",
        )
    settings.save()
    audit_changes(user=user, instance=settings, before=before, after=after, inspection=inspection)
    return settings


@transaction.atomic
def unavailability_add(
    *, user: Any, inspection: Inspection, case_manager: str, day: date, start: time, end: time
) -> Unavailability:
    """Block out a period when a case manager cannot attend; refused while one of their
    interviews falls in it."""
    inspection = _locked(inspection)
    case_manager = case_manager.strip()
    if case_manager not in selectors.case_managers(inspection):
        raise FieldworkError(gettext("Choose a case manager of the sampled cases."), "case_manager")
    if not inspection.fieldwork_start <= day <= inspection.fieldwork_end:
        raise FieldworkError(gettext("Choose one of the fieldwork days."), "day")
    if end <= start:
        raise FieldworkError(gettext("The period must end after it starts."), "end")
    clash = sorted(
        b.reference
        for b in selectors.bookings(inspection)
        if rules.same_person(b.case_manager, case_manager) and b.slot.overlaps(day, start, end)
    )
    if clash:
        raise FieldworkError(
            gettext(
                "%(case_manager)s has interviews booked in that period (case "
                "%(join)s): move them first."
            )
            % {"case_manager": case_manager, "join": ", ".join(clash)},
            "start",
        )
    period = Unavailability.objects.create(
        inspection=inspection,
        case_manager=case_manager,
        day=day,
        start=start,
        end=end,
        created_by=user,
    )
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        object_type="Unavailability",
        object_id=period.pk,
        inspection=inspection,
        new=f"{case_manager} {day:%Y-%m-%d} {start:%H:%M}-{end:%H:%M}",
    )
    return period


@transaction.atomic
def unavailability_remove(*, user: Any, inspection: Inspection, period_id: int) -> None:
    inspection = _locked(inspection)
    period = Unavailability.objects.filter(inspection=inspection, pk=period_id).first()
    if period is None:
        raise FieldworkError(gettext("That period is not in this inspection's timetable."))
    audit_record(
        user=user,
        action=AuditEvent.Action.DELETE,
        object_type="Unavailability",
        object_id=period.pk,
        inspection=inspection,
        old=f"{period.case_manager} {period.day:%Y-%m-%d} {period.start:%H:%M}-{period.end:%H:%M}",
    )
    period.delete()
