"""casescreen export_cases <inspection-ref> [--output FILE] [--with-identity]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from casescreen.inspections.models import Inspection
from casescreen.lib.csvfiles import write_csv
from casescreen.sampling import selectors


class Command(BaseCommand):
    help = "Write the inspection's case list as CSV (cells that could be formulas are escaped)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference")
        parser.add_argument("--output", type=Path, help="file to write; standard output if absent")
        parser.add_argument(
            "--with-identity", action="store_true", help="include child's name and date of birth"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        inspection = Inspection.objects.filter(reference=options["reference"]).first()
        if inspection is None:
            raise CommandError(
                gettext("No inspection %(options)s.") % {"options": f"{options['reference']!r}"}
            )
        headers, rows = selectors.export_rows(inspection, with_identity=options["with_identity"])
        text = write_csv(headers, rows)
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8-sig", newline="")
        else:
            self.stdout.write(text, ending="")
