"""Print the findings of an inspection: counts, words, intervals and the cases behind them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from casescreen.domain.findings import QuestionTally
from casescreen.findings.presentation import (
    basis,
    findings_as_json,
    format_interval,
    percent_finding,
    tally_text,
)
from casescreen.findings.ratings import InspectionRatings, inspection_ratings
from casescreen.findings.selectors import Findings, inspection_findings
from casescreen.inspections.models import Inspection

COLUMNS = ("Para", "Question", "Appl", "Met", "Not met", "N/A", "Unans", "In words", "95% interval")
PERCENT_COLUMNS = (*COLUMNS[:7], "Sufficient", COLUMNS[8])


def _words(findings: Findings, t: QuestionTally) -> str:
    """The words for the finding, and for what was not met when that is an area
    requiring improvement under the framework's report template; a percentage for a
    framework stating its findings so."""
    phrase = tally_text(findings, t)
    if phrase is None:
        return "-"
    if findings.in_words and findings.template.is_area_for_improvement(
        t.met, t.applicable, t.style
    ):
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
            raise CommandError(
                _("No inspection with reference %(reference)s.") % {"reference": repr(reference)}
            )
        findings = inspection_findings(inspection)
        ratings = inspection_ratings(inspection, findings)
        if options["json"]:
            self.stdout.write(json.dumps(findings_as_json(findings, ratings), indent=2))
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
        self.stdout.write(
            _("Findings for %(reference)s, %(basis)s.")
            % {"reference": inspection.reference, "basis": basis(tallies)}
        )
        if tallies.excluded_refs:
            self.stdout.write(
                _("Not counted (incomplete): %(refs)s") % {"refs": ", ".join(tallies.excluded_refs)}
            )
        columns = COLUMNS if findings.in_words else PERCENT_COLUMNS
        self._table(columns, rows)
        if ratings is not None:
            self._ratings(ratings)

    def _table(self, columns: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
        widths = [max(len(row[i]) for row in (columns, *rows)) for i in range(len(columns))]
        for row in (columns, *rows):
            self.stdout.write(
                "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )

    def _ratings(self, ratings: InspectionRatings) -> None:
        """Each standard's key questions and rating, then the overall rating."""
        keys = [key for key, _label in ratings.key_questions]
        rows = []
        for row in ratings.standards:
            cells = []
            for key in keys:
                count = row.count(key)
                if row.judged:
                    cells.append("judged")
                elif count is None:
                    cells.append("")
                else:
                    cells.append(percent_finding(count.sufficient, count.applicable) or "-")
            rating = f"{row.band.label} ({row.band.score})" if row.band else "Not yet rated"
            rows.append((row.id, row.title, *cells, rating))
        self.stdout.write("")
        self.stdout.write("Ratings")
        self._table(("Std", "Standard", *keys, "Rating (score)"), rows)
        overall = ratings.overall
        label = overall.band.label if overall.band else _("not yet rated")
        numbers = {"label": label, "total": overall.total, "maximum": overall.maximum}
        if overall.unrated:
            line = _(
                "Overall rating: %(label)s (total score %(total)s of %(maximum)s, "
                "waiting for %(unrated)s)"
            ) % {**numbers, "unrated": ", ".join(overall.unrated)}
        else:
            line = _("Overall rating: %(label)s (total score %(total)s of %(maximum)s)") % numbers
        self.stdout.write(line)
