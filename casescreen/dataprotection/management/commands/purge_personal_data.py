"""casescreen purge_personal_data: apply the retention rule to every published inspection."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from casescreen.dataprotection.retention import purge_cutoff
from casescreen.dataprotection.selectors import PurgePlan, inspections_due_for_purge, purge_plan
from casescreen.dataprotection.services import inspection_purge_personal_data


def _describe(plan: PurgePlan) -> str:
    counts = ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in plan.counts().items())
    return f"{plan.inspection.reference} (published {plan.inspection.published_on}): {counts}"


class Command(BaseCommand):
    help = (
        "Purge the personal data (names, dates of birth, case references, and every "
        "note, reason, comment and draft people typed) of inspections published more than "
        "CASESCREEN_RETENTION_MONTHS ago. Aggregate findings, the published report and "
        "the audit trail's who, when and what stay."
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
                    f"--today {options['today']!r} is not a YYYY-MM-DD date"
                ) from exc
        months = settings.CASESCREEN_RETENTION_MONTHS
        self.stdout.write(
            f"Retention {months} months: inspections published on or before "
            f"{purge_cutoff(today, months)} are due."
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
            verb = "Would purge" if dry_run else "Purged"
            self.stdout.write(f"{verb} {_describe(plan)}")
        if done == 0:
            self.stdout.write("Nothing to purge.")
        elif dry_run:
            self.stdout.write(f"Dry run: {done} inspection(s) would be purged; nothing changed.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{done} inspection(s) purged."))
