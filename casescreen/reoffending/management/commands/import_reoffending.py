"""casescreen import_reoffending FILE: load a proven reoffending table, all rows or none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from casescreen.reoffending.importing import parse_figures
from casescreen.reoffending.services import reoffending_figures_import


class Command(BaseCommand):
    help = "Import Ministry of Justice proven reoffending figures from a CSV or XLSX file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and preview the file without saving."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("%(path)s: cannot be read (%(error)s)") % {"path": path, "error": exc.strerror}
            ) from exc
        parsed = parse_figures(path.name, content)
        if parsed.errors:
            lines = "\n".join(f"  {error}" for error in parsed.errors)
            raise CommandError(
                _("%(name)s: nothing was imported.") % {"name": path.name} + "\n" + lines
            )
        for row in parsed.rows:
            self.stdout.write(
                _(
                    "row %(row)s: %(area)s, %(cohort)s (%(series)s): %(reoffenders)s of "
                    "%(offenders)s, %(rate)s%%, published %(published)s"
                )
                % {
                    "row": row.row,
                    "area": row.area_name,
                    "cohort": row.cohort_label,
                    "series": row.series,
                    "reoffenders": row.reoffenders,
                    "offenders": row.offenders,
                    "rate": row.rate,
                    "published": date_format(row.published_on, "j F Y"),
                }
            )
        if options["dry_run"]:
            self.stdout.write(
                ngettext(
                    "%(count)d row checked; nothing saved (dry run).",
                    "%(count)d rows checked; nothing saved (dry run).",
                    len(parsed.rows),
                )
                % {"count": len(parsed.rows)}
            )
            return
        result = reoffending_figures_import(user=None, rows=parsed.rows, source=path.name)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported %(name)s: %(created)s new, %(updated)s updated, "
                    "%(unchanged)s unchanged."
                )
                % {
                    "name": path.name,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                }
            )
        )
