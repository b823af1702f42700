"""casescreen import_reoffending FILE: load a proven reoffending table, all rows or none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

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
            raise CommandError(f"{path}: cannot be read ({exc.strerror})") from exc
        parsed = parse_figures(path.name, content)
        if parsed.errors:
            lines = "\n".join(f"  {error}" for error in parsed.errors)
            raise CommandError(f"{path.name}: nothing was imported.\n{lines}")
        for row in parsed.rows:
            self.stdout.write(
                f"row {row.row}: {row.area_name}, {row.cohort_label} ({row.series}): "
                f"{row.reoffenders} of {row.offenders}, {row.rate}%, "
                f"published {row.published_on:%-d %B %Y}"
            )
        if options["dry_run"]:
            self.stdout.write(f"{len(parsed.rows)} rows checked; nothing saved (dry run).")
            return
        result = reoffending_figures_import(user=None, rows=parsed.rows, source=path.name)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {path.name}: {result.created} new, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )
