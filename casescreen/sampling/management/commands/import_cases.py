"""casescreen import_cases <inspection-ref> FILE [--dry-run] [--mapping FILE]"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from casescreen.cases import importing
from casescreen.inspections.models import Inspection
from casescreen.sampling import selectors, services


class Command(BaseCommand):
    help = "Import a YOT's case list (CSV or XLSX) into an inspection; --dry-run only previews."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", help="inspection reference, e.g. redbridge-2015-02")
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="preview; write nothing")
        parser.add_argument(
            "--mapping",
            type=Path,
            help='JSON object of column header -> field (or "ignore"), e.g. {"Ref no": "reference"}',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        inspection = (
            Inspection.objects.select_related("yot").filter(reference=options["reference"]).first()
        )
        if inspection is None:
            raise CommandError(
                gettext("No inspection %(options)s.") % {"options": f"{options['reference']!r}"}
            )
        mapping = self._mapping(options["mapping"])
        path: Path = options["file"]
        try:
            if path.stat().st_size > importing.MAX_BYTES:
                raise CommandError(
                    gettext("%(path)s is larger than %(value)s MB.")
                    % {"path": path, "value": importing.MAX_BYTES // 1024 // 1024}
                )
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                gettext("Cannot read %(path)s: %(strerror)s.")
                % {"path": path, "strerror": exc.strerror}
            ) from None
        try:
            preview = selectors.read_case_list(inspection, data, path.name, mapping=mapping)
        except importing.ImportFileError as exc:
            raise CommandError(str(exc)) from None
        if preview.columns.missing or preview.columns.unrecognised:
            known = ", ".join(importing.FIELDS)
            lines = [
                gettext("Unrecognised column: %(header)s") % {"header": repr(h)}
                for h in preview.columns.unrecognised
            ]
            lines += [
                gettext("No column for: %(field)s") % {"field": importing.FIELDS[f]}
                for f in preview.columns.missing
            ]
            lines.append(
                gettext("Map the columns with --mapping (fields: %(known)s, ignore).")
                % {"known": known}
            )
            raise CommandError("\n".join(lines))
        if preview.refusal:
            raise CommandError(preview.refusal)
        for row, reason in preview.parsed.skipped:
            self.stdout.write(
                gettext("Skipped row %(row)s: %(reason)s") % {"row": row, "reason": reason}
            )
        for error in preview.parsed.errors:
            self.stdout.write(
                gettext("Rejected row %(row)s, %(column)s: %(reason)s")
                % {"row": error.row, "column": error.column, "reason": error.reason}
            )
        summary = gettext(
            "%(created)s to create, %(updated)s to update, %(unchanged)s unchanged, "
            "%(rejected)s rows rejected."
        ) % {
            "created": preview.created,
            "updated": preview.updated,
            "unchanged": preview.unchanged,
            "rejected": preview.rejected,
        }
        if options["dry_run"]:
            self.stdout.write(
                gettext("Dry run: %(summary)s Nothing was written.") % {"summary": summary}
            )
            return
        try:
            outcome = services.cases_import(
                inspection=inspection, user=None, parsed=preview.parsed, filename=path.name
            )
        except services.SamplingError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                gettext(
                    "Imported: %(created)s created, %(updated)s updated, %(unchanged)s "
                    "unchanged, %(rejected)s rows rejected."
                )
                % {
                    "created": outcome.created,
                    "updated": outcome.updated,
                    "unchanged": outcome.unchanged,
                    "rejected": outcome.rejected,
                }
            )
        )

    def _mapping(self, path: Path | None) -> dict[str, str]:
        if path is None:
            return {}
        try:
            mapping = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(
                gettext("Cannot read the mapping file %(path)s: %(exc)s")
                % {"path": path, "exc": exc}
            ) from None
        if not isinstance(mapping, dict) or not all(
            isinstance(k, str) and v in (*importing.FIELDS, importing.IGNORE)
            for k, v in mapping.items()
        ):
            raise CommandError(
                gettext(
                    "The mapping file must be a JSON object of column header -> one of: %(fields)s"
                )
                % {"fields": ", ".join((*importing.FIELDS, importing.IGNORE))}
            )
        return mapping
