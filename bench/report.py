"""Benchmark: the inspection report of a generated 60-case inspection.

Times, on a throw-away SQLite file (or PostgreSQL when DATABASE_URL is set):
composing the draft from the database (findings + compose), the standalone HTML,
the Word file and the PDF; and, in the same run, WeasyPrint alone rendering a
static HTML file of the same length with the same stylesheet and options (the
floor). Targets: draft + HTML under 200 ms, Word under 1 s, PDF within 1.5x of
the floor and under 3 s.

    CASESCREEN_DEV=true .venv/bin/python bench/report.py [--cases 60] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = 20150202
MOMENT = datetime(2015, 2, 25, 9, 0, tzinfo=UTC)


def _setup_django(workdir: Path) -> str:
    os.environ.setdefault("CASESCREEN_DEV", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casescreen.settings")
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.db import connection

    return connection.vendor


def _generate(cases: int) -> Any:
    from casescreen.assessments.models import Answer, Assessment
    from casescreen.cases.models import Case, SentenceType
    from casescreen.frameworks import get_framework
    from casescreen.inspections.models import Inspection, Yot

    rng = random.Random(SEED)
    framework = get_framework("sqs", "2015.1")
    yot, _ = Yot.objects.get_or_create(
        name="Benchmark YOT", defaults={"local_authority": "Benchmark Council", "nation": "england"}
    )
    Inspection.objects.filter(reference="bench-report").delete()
    inspection = Inspection.objects.create(
        yot=yot,
        reference="bench-report",
        framework_id="sqs",
        framework_version="2015.1",
        fieldwork_start=date(2015, 2, 2),
        fieldwork_end=date(2015, 2, 4),
        reoffending_rate=Decimal("40.2"),
        reoffending_previous_rate=Decimal("41.0"),
        reoffending_national_rate=Decimal("36.1"),
        reoffending_cohort="April 2012 – March 2013",
        reoffending_published="January 2015",
    )
    sentences = [s for s in SentenceType.values if s != SentenceType.OUT_OF_COURT]
    rows = Case.objects.bulk_create(
        Case(
            inspection=inspection,
            reference=f"BR{i:04d}",
            sample_status=Case.SampleStatus.SAMPLED,
            sentence_type=rng.choice(sentences),
            psr_prepared=rng.random() < 0.7,
            reoffending_review_required=rng.random() < 0.7,
            roh_review_required=rng.random() < 0.6,
            roh_plan_required=rng.random() < 0.8,
            identifiable_victim=rng.random() < 0.5,
            oversight_required=rng.random() < 0.9,
            vulnerability_review_required=rng.random() < 0.7,
            vulnerability_plan_required=rng.random() < 0.8,
            placed_from_other_la=rng.random() < 0.15,
            non_compliance=rng.random() < 0.35,
        )
        for i in range(cases)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(
            case=c,
            status=Assessment.Status.COMPLETED,
            framework_id="sqs",
            framework_version="2015.1",
        )
        for c in rows
    )
    Answer.objects.bulk_create(
        Answer(assessment=a, question_id=q.id, value="yes" if rng.random() < 0.85 else "no")
        for a, c in zip(assessments, rows, strict=True)
        for q in framework.questions
        if q.applies(c.facts())
    )
    return inspection


def _time(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    result = fn()  # warm caches (templates, fonts) outside the measurement
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        vendor = _setup_django(Path(workdir))
        from weasyprint import HTML

        from casescreen.reports.render_docx import render_docx
        from casescreen.reports.render_html import render_standalone
        from casescreen.reports.render_pdf import html_to_pdf, pdf_timestamp, render_pdf
        from casescreen.reports.services import draft

        inspection = _generate(args.cases)
        try:
            draft_ms, content = _time(lambda: draft(inspection), args.runs)
            html_ms, html = _time(
                lambda: render_standalone(content, created=pdf_timestamp(MOMENT)), args.runs
            )
            docx_ms, _ = _time(lambda: render_docx(content, moment=MOMENT), args.runs)
            pdf_ms, _ = _time(lambda: render_pdf(content, moment=MOMENT), args.runs)
            static = Path(workdir) / "static.html"
            static.write_text(
                render_standalone(content, created=pdf_timestamp(MOMENT), for_pdf=True)
            )
            floor_ms, _ = _time(
                lambda: html_to_pdf(static.read_text(), identifier=b"0" * 32), args.runs
            )
            plain_ms, _ = _time(lambda: HTML(filename=str(static)).write_pdf(), args.runs)
            annexed = {**content, "annex": {**content["annex"], "include": True}}
            annex_ms, _ = _time(lambda: render_pdf(annexed, moment=MOMENT), args.runs)
        finally:
            inspection.delete()

    def line(label: str, value: float, target: str, ok: bool) -> None:
        print(f"  {label:<44} {value:8.1f} ms   {target:<22} {'ok' if ok else 'MISSED'}")

    print(f"Report benchmark: {args.cases} cases, {vendor}, median of {args.runs} runs")
    line("draft (findings + compose)", draft_ms, "", True)
    line("standalone HTML", html_ms, "", True)
    line("draft + HTML", draft_ms + html_ms, "< 200 ms", draft_ms + html_ms < 200)
    line("Word (.docx)", docx_ms, "< 1000 ms", docx_ms < 1000)
    line("PDF (PDF/UA, letter)", pdf_ms, "< 3000 ms", pdf_ms < 3000)
    line("floor: WeasyPrint on the static HTML (PDF/UA)", floor_ms, "", True)
    ratio = pdf_ms / floor_ms
    print(
        f"  {'PDF / floor':<44} {ratio:8.2f} x    {'<= 1.5x':<22} {'ok' if ratio <= 1.5 else 'MISSED'}"
    )
    line("for reference: WeasyPrint untagged", plain_ms, "", True)
    line("for reference: PDF with the chart annex", annex_ms, "", True)
    print(f"  HTML size {len(html) // 1024} KiB")


if __name__ == "__main__":
    main()
