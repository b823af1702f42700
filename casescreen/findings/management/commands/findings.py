"""Print the findings of an inspection: counts, words, intervals and the cases behind them."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casescreen.domain.findings import QuestionTally
from casescreen.findings.presentation import findings_as_json, format_interval
from casescreen.findings.selectors import Findings, inspection_findings
from casescreen.inspections.models import Inspection

COLUMNS = ("Para", "Question", "Appl", "Met", "Not met", "N/A", "Unans", "In words", "95% interval")


def _words(findings: Findings, t: QuestionTally) -> str:
    """The words for the finding, and for what was not met when that is an area
    requiring improvement under the framework's report template."""
    phrase = t.phrase(findings.vocabulary)
    if phrase is None:
        return "-"
    if findings.template.is_area_for_improvement(t.met, t.applicable, t.style):
        return f"{phrase}; {t.failing_phrase(findings.vocabulary)} not met"
    return phrase


class Command(BaseCommand):
    help = "Print the findings of an inspection (a table, or JSON with --json)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", help="inspection reference, e.g. redbridge-2015-02")
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args: Any, **options: Any) -> None:
        reference: str = options["reference"]
        inspection = Inspection.objects.filter(reference=reference).first()
        if inspection is None:
            raise CommandError(f"No inspection with reference {reference!r}.")
        findings = inspection_findings(inspection)
        if options["json"]:
            self.stdout.write(json.dumps(findings_as_json(findings), indent=2))
            return
        tallies = findings.tallies
        rows = [
            (
                t.paragraph,
                t.question_id,
                str(t.applicable),
                str(t.met),
                str(t.not_met),
                str(t.not_applicable),
                str(t.unanswered),
                _words(findings, t),
                format_interval(t.wilson()),
            )
            for t in tallies.questions
        ]
        widths = [max(len(row[i]) for row in (COLUMNS, *rows)) for i in range(len(COLUMNS))]
        self.stdout.write(f"Findings for {inspection.reference}, {tallies.basis()}.")
        if tallies.excluded_refs:
            self.stdout.write(f"Not counted (incomplete): {', '.join(tallies.excluded_refs)}")
        for row in (COLUMNS, *rows):
            self.stdout.write(
                "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
