"""The inspection lifecycle: which status may follow which, who may move it, and the record.

planned -> announced -> fieldwork -> drafting -> quality_assurance ->
factual_accuracy -> published -> closed. Quality assurance and the factual
accuracy check may send the draft back. Every move is made by the inspection's
lead inspector or an administrator and leaves an InspectionTransition and an
audit event in the same transaction.

From drafting to publication the inspection's stage is its report's stage: the
report's own moves (``reports.services``) move the inspection through
``inspection_move_with_report``, and the inspection cannot make those moves on its
own, so the two never disagree. Publishing is the report's publication, which
freezes the cases and starts the retention clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy, ngettext

from casescreen.audit.models import AuditEvent
from casescreen.audit.services import audit_record
from casescreen.domain.quantifiers import FEMININE
from casescreen.frameworks.loader import Schedule
from casescreen.frameworks.texts import html_lang
from casescreen.frameworks.vocabularies import count_words
from casescreen.inspections.access import can_manage
from casescreen.inspections.letter import letter_html_clean
from casescreen.inspections.models import Inspection, InspectionTransition

Status = Inspection.Status

# Forward moves, then the two ways a draft goes back for more work.
ALLOWED: dict[str, tuple[str, ...]] = {
    Status.PLANNED: (Status.ANNOUNCED,),
    Status.ANNOUNCED: (Status.FIELDWORK,),
    Status.FIELDWORK: (Status.DRAFTING,),
    Status.DRAFTING: (Status.QUALITY_ASSURANCE,),
    Status.QUALITY_ASSURANCE: (Status.FACTUAL_ACCURACY, Status.DRAFTING),
    Status.FACTUAL_ACCURACY: (Status.PUBLISHED, Status.DRAFTING, Status.QUALITY_ASSURANCE),
    Status.PUBLISHED: (Status.CLOSED,),
    Status.CLOSED: (),
}

# A self-assessment is under way from the day it starts (its YOT needs no notice) and is
# finished by its YOT manager; it is never announced, reported on by the inspectorate or
# published.
SELF_ASSESSMENT_ALLOWED: dict[str, tuple[str, ...]] = {
    Status.FIELDWORK: (Status.CLOSED,),
    Status.CLOSED: (),
}

# The stages the report's moves decide: into them, and back from them to drafting.
REPORT_STAGES = (Status.QUALITY_ASSURANCE, Status.FACTUAL_ACCURACY, Status.PUBLISHED)


class LifecycleError(Exception):
    """A move the rules do not allow; the message says why, for the person who asked."""


class AnnouncementDateError(LifecycleError):
    """An announcement on a day the rules do not allow: the date is wrong, not the reason."""


def announcement_due(fieldwork_start: date, schedule: Schedule) -> date:
    """The framework's notice rule: the YOT is told on the schedule's weekday so many weeks
    before fieldwork, that is the last such weekday on or before the day that many weeks
    before it starts (for SQS, the Friday two weeks before fieldwork)."""
    day = fieldwork_start - timedelta(weeks=schedule.announce_weeks_before)
    return day - timedelta(days=(day.weekday() - schedule.announce_weekday) % 7)


def weeks_before_words(schedule: Schedule) -> str:
    """The notice period as a sentence says it: "two weeks before fieldwork"."""
    weeks = schedule.announce_weeks_before
    if weeks == 0:
        return gettext("before fieldwork")
    return ngettext(
        "%(weeks)s week before fieldwork", "%(weeks)s weeks before fieldwork", weeks
    ) % {"weeks": count_words(weeks, FEMININE)}  # Welsh: "dwy wythnos"


def notice_words(schedule: Schedule) -> str:
    """When the YOT is told, as a sentence says it: "the Friday two weeks before fieldwork"."""
    weekday = WEEKDAY_NAMES[schedule.announce_weekday]
    if schedule.announce_weeks_before == 0:
        return gettext("the last %(weekday)s before fieldwork") % {"weekday": weekday}
    return gettext("the %(weekday)s %(weeks_before)s") % {
        "weekday": weekday,
        "weeks_before": weeks_before_words(schedule),
    }


WEEKDAY_NAMES = (
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
)


def case_list_due(fieldwork_start: date, working_days: int) -> date:
    """The day the YOT's case list is due: ``working_days`` working days (Monday to
    Friday) before fieldwork starts (CASESCREEN_CASE_LIST_WORKING_DAYS)."""
    day = fieldwork_start
    left = max(working_days, 0)
    while left:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def history(inspection: Inspection) -> list[InspectionTransition]:
    return list(inspection.transitions.select_related("by"))


def announcement_of(inspection: Inspection) -> InspectionTransition | None:
    """The latest announcement, which holds the letter as sent."""
    return inspection.transitions.filter(to_status=Status.ANNOUNCED).order_by("-at", "-id").first()


def _moved_by_report(from_status: str, to_status: str) -> bool:
    return to_status in REPORT_STAGES or (
        from_status in REPORT_STAGES and to_status != Status.CLOSED
    )


def next_statuses(inspection: Inspection) -> tuple[str, ...]:
    """The moves the inspection makes on its own (the report's page makes the others)."""
    return tuple(
        s for s in ALLOWED[inspection.status] if not _moved_by_report(inspection.status, s)
    )


@dataclass(frozen=True)
class AnnouncementCheck:
    due: date
    on_time: bool


def check_announcement(inspection: Inspection, announced_on: date) -> AnnouncementCheck:
    due = announcement_due(inspection.fieldwork_start, inspection.framework().schedule)
    return AnnouncementCheck(due=due, on_time=announced_on == due)


def _record(
    *, user: Any, inspection: Inspection, to_status: str, reason: str = "", letter_html: str = ""
) -> InspectionTransition:
    if not can_manage(user, inspection):
        raise LifecycleError(gettext("Only the lead inspector or an administrator can do this."))
    allowed = SELF_ASSESSMENT_ALLOWED if inspection.is_self_assessment else ALLOWED
    if to_status not in allowed.get(inspection.status, ()):
        raise LifecycleError(
            gettext("An inspection that is %(value)s cannot move to %(value2)s.")
            % {
                "value": inspection.get_status_display().lower(),
                "value2": Status(to_status).label.lower(),
            }
        )
    from_status = inspection.status
    inspection.status = to_status
    inspection.save(update_fields=["status", "announced_on", "published_on"])
    step = InspectionTransition.objects.create(
        inspection=inspection,
        from_status=from_status,
        to_status=to_status,
        by=user,
        actor=user.username,
        reason=reason,
        letter_html=letter_html,
    )
    audit_record(
        user=user,
        action=AuditEvent.Action.TRANSITION,
        object_type="Inspection",
        object_id=inspection.pk,
        inspection=inspection,
        field="status",
        old=from_status,
        new=to_status,
    )
    return step


def locked(inspection: Inspection) -> Inspection:
    """Re-read the row under a lock so two people cannot move it at once.

    Locked for an update that leaves the key alone (as every lock on an inspection or a
    case): audit rows written meanwhile check their link to it with a share lock, which
    this one lets through, so a writer holding the inspection and waiting for an
    assessment does not deadlock with the save that holds the assessment.
    """
    return (
        Inspection.objects.select_for_update(no_key=True)
        .select_related("yot")
        .get(pk=inspection.pk)
    )


@transaction.atomic
def inspection_transition(
    *, user: Any, inspection: Inspection, to_status: str, reason: str = ""
) -> InspectionTransition:
    """Move the inspection on by itself: fieldwork, drafting, closing. The announcement
    has its own letter, and the report's stages are moved from the report."""
    if to_status == Status.ANNOUNCED:
        raise LifecycleError(gettext("Announce the inspection from the announcement page."))
    inspection = locked(inspection)
    if _moved_by_report(inspection.status, to_status):
        raise LifecycleError(
            gettext(
                "From drafting to publication the inspection moves with its report: "
                "use the report page."
            )
        )
    step = _record(user=user, inspection=inspection, to_status=to_status, reason=reason.strip())
    if to_status == Status.FIELDWORK:
        _quote_reoffending_figures(user=user, inspection=inspection)
    return step


def _quote_reoffending_figures(*, user: Any, inspection: Inspection) -> None:
    """At the start of fieldwork the report's figures are fixed: those published before
    it began, chosen automatically unless the lead has already chosen by hand. Without
    published figures for the YOT the inspection keeps the figures entered for it."""
    from casescreen.reoffending.models import ReoffendingChoice
    from casescreen.reoffending.selectors import ReoffendingError
    from casescreen.reoffending.services import inspection_reoffending_choose

    if ReoffendingChoice.objects.filter(inspection=inspection, automatic=False).exists():
        return
    try:
        inspection_reoffending_choose(inspection=inspection, user=user)
    except ReoffendingError:
        return


def inspection_move_with_report(
    *, user: Any, inspection: Inspection, to_status: str, today: date
) -> InspectionTransition:
    """The inspection's move that goes with a move of its report, in the report's
    transaction (the caller holds the inspection's lock from ``locked``).

    Refused, never skipped, when the inspection cannot make it from where it stands:
    a report cannot reach a stage its inspection has not."""
    if to_status not in ALLOWED[inspection.status] or not _moved_by_report(
        inspection.status, to_status
    ):
        raise LifecycleError(
            gettext("The inspection is %(value)s, so its report cannot move to %(value2)s.")
            % {
                "value": inspection.get_status_display().lower(),
                "value2": Status(to_status).label.lower(),
            }
        )
    if to_status == Status.PUBLISHED:
        inspection.published_on = today
    return _record(
        user=user,
        inspection=inspection,
        to_status=to_status,
        reason=gettext("Moved with the report."),
    )


@transaction.atomic
def inspection_announce(
    *, user: Any, inspection: Inspection, announced_on: date, reason: str = ""
) -> InspectionTransition:
    """Announce the inspection and keep the notification letter to the YOT manager.

    An announcement on any day but the due one (the framework's schedule) needs a
    recorded reason."""
    inspection = locked(inspection)
    check = check_announcement(inspection, announced_on)
    reason = reason.strip()
    if announced_on >= inspection.fieldwork_start:
        raise AnnouncementDateError(
            gettext("The announcement date must be before fieldwork starts.")
        )
    if not check.on_time and not reason:
        raise LifecycleError(
            gettext(
                "The announcement is due on %(due)s, %(weeks_before_words)s. Give the "
                "reason for announcing on another day."
            )
            % {
                "due": date_format(check.due, "l j F Y"),
                "weeks_before_words": weeks_before_words(inspection.framework().schedule),
            }
        )
    inspection.announced_on = announced_on
    letter = announcement_letter_html(inspection)
    return _record(
        user=user,
        inspection=inspection,
        to_status=Status.ANNOUNCED,
        reason=reason,
        letter_html=letter,
    )


def announcement_letter_html(inspection: Inspection) -> str:
    """The notification letter, as a standalone HTML document (also the PDF's source).

    A YOT in Wales gets it in Welsh and in English, one after the other in one letter,
    Welsh first: the Welsh Language Commissioner's advice for bilingual documents, so
    that the Welsh is not treated less favourably than the English. Each part is marked
    with its language, and takes the framework's announcement in that language."""
    lead = inspection.members.filter(role="lead").select_related("user").first()
    context = {
        "inspection": inspection,
        "yot": inspection.yot,
        "lead": lead.user if lead else None,
        "case_list_due": case_list_due(
            inspection.fieldwork_start, settings.CASESCREEN_CASE_LIST_WORKING_DAYS
        ),
        "case_list_working_days": settings.CASESCREEN_CASE_LIST_WORKING_DAYS,
    }
    contacts = list(inspection.yot.copy_list.all())
    parts = []
    for language in inspection.yot.languages:
        with translation.override(language):
            parts.append(
                render_to_string(
                    "inspections/lifecycle/letter.html",
                    context
                    | {
                        "announcement": inspection.framework().announcement,
                        "lang": html_lang(language),
                        "yot_name": inspection.yot.name_in(language),
                        "local_authority": inspection.yot.local_authority_in(language),
                        "copy_list": [(c.role_title_in(language), c.name) for c in contacts],
                    },
                )
            )
    return "\n".join(parts)


def letter_pdf(inspection: Inspection, letter_html: str) -> bytes:
    """The letter as PDF: the stored letter, sanitised, inside a print layout whose
    language is the letter's first."""
    from casescreen.lib.pdf import html_to_pdf

    first = inspection.yot.languages[0]
    with translation.override(first):
        document = render_to_string(
            "inspections/lifecycle/letter_pdf.html",
            {
                "inspection": inspection,
                "letter": letter_html_clean(letter_html),
                "lang": html_lang(first),
            },
        )
    return html_to_pdf(document)
