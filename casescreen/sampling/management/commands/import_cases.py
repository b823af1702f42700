"""casescreen import_cases <inspection-ref> FILE [--dry-run] [--mapping FILE]"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

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
            raise CommandError(f"No inspection {options['reference']!r}.")
        mapping = self._mapping(options["mapping"])
        path: Path = options["file"]
        try:
            if path.stat().st_size > importing.MAX_BYTES:
                raise CommandError(
                    f"{path} is larger than {importing.MAX_BYTES // 1024 // 1024} MB."
                )
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
        try:
            preview = selectors.read_case_list(inspection, data, path.name, mapping=mapping)
        except importing.ImportFileError as exc:
            raise CommandError(str(exc)) from None
        if preview.columns.missing or preview.columns.unrecognised:
            known = ", ".join(importing.FIELDS)
            lines = [f"Unrecognised column: {h!r}" for h in preview.columns.unrecognised]
            lines += [f"No column for: {importing.FIELDS[f]}" for f in preview.columns.missing]
            raise CommandError(
                "\n".join(lines) + f"\nMap the columns with --mapping (fields: {known}, ignore)."
            )
        for row, reason in preview.parsed.skipped:
            self.stdout.write(f"Skipped row {row}: {reason}")
        for error in preview.parsed.errors:
            self.stdout.write(f"Rejected row {error.row}, {error.column}: {error.reason}")
        summary = (
            f"{preview.created} to create, {preview.updated} to update,"
            f" {preview.unchanged} unchanged, {preview.rejected} rows rejected."
        )
        if options["dry_run"]:
            self.stdout.write(f"Dry run: {summary} Nothing was written.")
            return
        try:
            outcome = services.cases_import(
                inspection=inspection, user=None, parsed=preview.parsed, filename=path.name
            )
        except services.SamplingError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {outcome.created} created, {outcome.updated} updated,"
                f" {outcome.unchanged} unchanged, {outcome.rejected} rows rejected."
            )
        )

    def _mapping(self, path: Path | None) -> dict[str, str]:
        if path is None:
            return {}
        try:
            mapping = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read the mapping file {path}: {exc}") from None
        if not isinstance(mapping, dict) or not all(
            isinstance(k, str) and v in (*importing.FIELDS, importing.IGNORE)
            for k, v in mapping.items()
        ):
            raise CommandError(
                "The mapping file must be a JSON object of column header -> one of: "
                + ", ".join((*importing.FIELDS, importing.IGNORE))
            )
        return mapping
