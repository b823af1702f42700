"""Print how far first and second assessors agreed in an inspection's blind double
assessment: per question and overall."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from casescreen.domain.agreement import Agreement, Estimate
from casescreen.inspections.models import Inspection
from casescreen.moderation.selectors import inspection_agreement


def _estimate(value: Estimate | None) -> dict[str, object] | None:
    if value is None:
        return None
    shown: dict[str, object] = {
        "value": round(float(value.value), 6),
        "low": round(value.low, 6),
        "high": round(value.high, 6),
    }
    if value.std_error is not None:
        shown["std_error"] = round(value.std_error, 6)
    return shown


def agreement_as_json(result: Agreement) -> dict[str, object]:
    table = result.table
    return {
        "pairs": result.pairs,
        # First assessor by row, second by column.
        "table": {
            "yes_yes": table.yes_yes,
            "yes_no": table.yes_no,
            "no_yes": table.no_yes,
            "no_no": table.no_no,
        },
        "enough_cases": result.enough,
        "observed_agreement": _estimate(result.observed),
        "kappa": _estimate(result.kappa),
        "ac1": _estimate(result.ac1),
    }


def _line(label: str, result: Agreement) -> str:
    t = result.table
    counts = f"{label:<40} {t.yes_yes:>3} {t.yes_no:>3} {t.no_yes:>3} {t.no_no:>3}"
    if not result.enough:
        return f"{counts}  not enough cases"

    def shown(e: Estimate | None) -> str:
        return "not defined" if e is None else f"{float(e.value):.2f} ({e.low:.2f}-{e.high:.2f})"

    return (
        f"{counts}  {shown(result.observed)}  kappa {shown(result.kappa)}  AC1 {shown(result.ac1)}"
    )


class Command(BaseCommand):
    help = "Print the agreement of an inspection's blind double assessment (or JSON with --json)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", help="inspection reference, e.g. redbridge-2015-02")
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args: Any, **options: Any) -> None:
        reference: str = options["reference"]
        inspection = Inspection.objects.filter(reference=reference).first()
        if inspection is None:
            raise CommandError(
                gettext("No inspection with reference %(reference)s.")
                % {"reference": f"{reference!r}"}
            )
        report = inspection_agreement(inspection)
        if options["json"]:
            data = {
                "inspection": inspection.reference,
                "framework": inspection.framework_key,
                "questions": {q: agreement_as_json(a) for q, a in report.questions.items()},
                "overall": agreement_as_json(report.overall),
            }
            self.stdout.write(json.dumps(data, indent=2))
            return
        self.stdout.write(f"{'Question':<40}  YY  YN  NY  NN")
        for question, result in report.questions.items():
            if result.pairs:
                self.stdout.write(_line(question, result))
        self.stdout.write(_line("Overall", report.overall))
