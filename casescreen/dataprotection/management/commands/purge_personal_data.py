"""casescreen purge_personal_data: apply the retention rule to every published inspection
and every finished self-assessment, and delete the sessions that have ended. Run daily."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from casescreen.dataprotection.retention import purge_cutoff
from casescreen.dataprotection.selectors import (
    PurgePlan,
    expired_sessions,
    inspections_due_for_purge,
    purge_plan,
)
from casescreen.dataprotection.services import (
    expired_sessions_delete,
    inspection_purge_personal_data,
)
from casescreen.inspections.models import Inspection


def _describe(inspection: Inspection, plan: PurgePlan) -> str:
    """One line on what was (or would be) purged; ``inspection`` as listed by
    ``inspections_due_for_purge``, which gives each its ``finished_at``."""
    counts = ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in plan.counts().items())
    if inspection.is_self_assessment:
        return _("%(reference)s (self-assessment finished %(date)s): %(counts)s") % {
            "reference": inspection.reference,
            "date": timezone.localdate(inspection.finished_at),  # type: ignore[attr-defined]
            "counts": counts,
        }
    return _("%(reference)s (published %(date)s): %(counts)s") % {
        "reference": inspection.reference,
        "date": inspection.published_on,
        "counts": counts,
    }


class Command(BaseCommand):
    help = (
        "Purge the personal data (names, dates of birth, case references, and every "
        "note, reason, comment and draft people typed) of inspections published, and "
        "self-assessments finished, more than CASESCREEN_RETENTION_MONTHS ago. Aggregate findings, the published report and "
        "the audit trail's who, when and what stay. Also delete the sessions that have "
        "ended (with any page kept in one across a sign-out)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be purged; change nothing."
        )
        parser.add_argument(
            "--today",
            help="Apply the rule as on this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError(
                    _("--today %(value)r is not a YYYY-MM-DD date") % {"value": options["today"]}
                ) from exc
        months = settings.CASESCREEN_RETENTION_MONTHS
        self.stdout.write(
            _(
                "Retention %(months)s months: inspections published, and self-assessments"
                " finished, on or before %(date)s are due."
            )
            % {"months": months, "date": purge_cutoff(today, months)}
        )
        dry_run = options["dry_run"]
        done = 0
        for inspection in inspections_due_for_purge(today):
            plan = (
                purge_plan(inspection)
                if dry_run
                else inspection_purge_personal_data(inspection=inspection)
            )
            if plan.empty:
                continue
            done += 1
            line = _("Would purge %(what)s") if dry_run else _("Purged %(what)s")
            self.stdout.write(line % {"what": _describe(inspection, plan)})
        if done == 0:
            self.stdout.write(_("Nothing to purge."))
        elif dry_run:
            self.stdout.write(
                ngettext(
                    "Dry run: %(count)d inspection would be purged; nothing changed.",
                    "Dry run: %(count)d inspections would be purged; nothing changed.",
                    done,
                )
                % {"count": done}
            )
        else:
            purged = ngettext("%(count)d inspection purged.", "%(count)d inspections purged.", done)
            self.stdout.write(self.style.SUCCESS(purged % {"count": done}))
        # Sessions end by the clock, not by the day given with --today.
        if dry_run:
            sessions = expired_sessions().count()
            line = ngettext(
                "Would delete %(count)d session that has ended.",
                "Would delete %(count)d sessions that have ended.",
                sessions,
            )
        else:
            sessions = expired_sessions_delete()
            line = ngettext(
                "Deleted %(count)d session that had ended.",
                "Deleted %(count)d sessions that had ended.",
                sessions,
            )
        self.stdout.write(line % {"count": sessions})
