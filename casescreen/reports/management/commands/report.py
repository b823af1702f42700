"""casescreen report <inspection-ref> --format html|pdf|docx --output PATH [--version N]

A published version is written from its stored file; a draft is rendered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from casescreen.reports.documents import FORMATS, render_version
from casescreen.reports.files import StoredFileError, read_published_file
from casescreen.reports.models import Report


class Command(BaseCommand):
    help = "Render the latest version of an inspection's report (or --version N) to a file."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Our --version picks a report version; it replaces Django's --version flag.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("inspection", help="inspection reference, e.g. redbridge-2015-02")
        parser.add_argument("--format", choices=FORMATS, required=True, dest="fmt")
        parser.add_argument("--output", required=True, type=Path)
        parser.add_argument(
            "--version", type=int, dest="number", help="version number (default: latest)"
        )

    def handle(
        self,
        *args: Any,
        inspection: str,
        fmt: str,
        output: Path,
        number: int | None,
        **options: Any,
    ) -> None:
        report = Report.objects.filter(inspection__reference=inspection).first()
        if report is None:
            raise CommandError(
                _("inspection %(reference)s has no report (or does not exist)")
                % {"reference": repr(inspection)}
            )
        versions = report.versions.order_by("-number")
        version = versions.filter(number=number).first() if number else versions.first()
        if version is None:
            known = ", ".join(str(n) for n in report.versions.values_list("number", flat=True))
            raise CommandError(
                _("report of %(reference)s has no version %(number)s; versions: %(known)s")
                % {"reference": repr(inspection), "number": number, "known": known}
            )
        if not output.parent.exists():
            raise CommandError(_("folder %(folder)s does not exist") % {"folder": output.parent})
        stored = version.files.filter(kind=fmt).first() if version.published else None
        if stored is None:
            blob = render_version(version, fmt)
        else:
            # A published version's file is the one stored at publication.
            try:
                blob = read_published_file(stored)
            except StoredFileError as error:
                raise CommandError(str(error)) from error
        output.write_bytes(blob)
        if version.published:
            wrote = _("Wrote version %(number)s (published) as %(format)s to %(output)s")
        else:
            wrote = _("Wrote version %(number)s (draft) as %(format)s to %(output)s")
        self.stdout.write(wrote % {"number": version.number, "format": fmt, "output": output})
