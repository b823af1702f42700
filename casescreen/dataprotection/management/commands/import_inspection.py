"""casescreen import_inspection: create an inspection from an exported JSON document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from casescreen.dataprotection.document import DocumentError
from casescreen.dataprotection.services import inspection_import

# A whole inspection is a few megabytes; anything far larger is not an export.
MAX_BYTES = 200 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Import an inspection exported by export_inspection. The whole file is checked "
        "(digest, signature, schema, known questions, unique case references, existing "
        "users) before anything is written; a refused file imports nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The exported JSON document")
        parser.add_argument(
            "--as",
            dest="reference",
            metavar="NEW_REF",
            help="Import under this reference instead of the exported one.",
        )
        parser.add_argument(
            "--accept-foreign-signature",
            action="store_true",
            help="Accept a file signed by another installation (the digest is still checked).",
        )
        parser.add_argument(
            "--create-missing-users",
            action="store_true",
            help="Create accounts named in the file that do not exist here, inactive.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(
                    _("%(path)s: larger than %(limit)s MB")
                    % {"path": path, "limit": MAX_BYTES // (1024 * 1024)}
                )
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("%(path)s: cannot be read (%(error)s)") % {"path": path, "error": exc.strerror}
            ) from exc
        try:
            result = inspection_import(
                raw=raw,
                reference=options["reference"],
                accept_foreign_signature=options["accept_foreign_signature"],
                create_missing_users=options["create_missing_users"],
            )
        except DocumentError as exc:
            raise CommandError(
                _("%(path)s: refused, nothing imported: %(error)s") % {"path": path, "error": exc}
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported %(reference)s: %(cases)s cases, %(answers)s answers.")
                % {
                    "reference": result.inspection.reference,
                    "cases": result.cases,
                    "answers": result.answers,
                }
            )
        )
        if result.yot_created:
            self.stdout.write(_("Created YOT %(name)s.") % {"name": result.inspection.yot.name})
        if result.created_users:
            self.stdout.write(
                _("Created inactive accounts for an administrator to review: %(names)s")
                % {"names": ", ".join(result.created_users)}
            )
