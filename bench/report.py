"""Benchmark: the inspection report of a generated 60-case inspection.

Times, on a throw-away SQLite file (or PostgreSQL when DATABASE_URL is set):
composing the draft from the database (findings + compose), the standalone HTML,
the Word file and the PDF; and, in the same run, WeasyPrint alone rendering a
static HTML file of the same length with the same stylesheet and options (the
floor). Targets: draft + HTML under 200 ms, Word under 1 s, PDF within 1.5x of
the floor and under 3 s. Then the report is published (its three files stored in a
folder of the run's own) and its PDF downloaded through the Django test client, as
an administrator, 50 times (--downloads): median and p95, target p95 under 50 ms.

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
    os.environ["REPORT_STORAGE"] = "filesystem"
    os.environ["REPORT_FILES_DIR"] = str(workdir / "report-files")
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


def _download_times(inspection: Any, content: dict[str, Any], downloads: int) -> list[float]:
    """Publish ``content`` with its stored files and time downloads of its PDF (ms)."""
    from django.test import Client
    from django.urls import reverse

    from casescreen.accounts.models import User
    from casescreen.reports.files import store_published_files
    from casescreen.reports.models import Report, ReportVersion
    from casescreen.reports.services import content_hash

    report = Report.objects.create(
        inspection=inspection, status=Report.Status.PUBLISHED, content=content
    )
    version = ReportVersion.objects.create(
        report=report,
        number=1,
        content=content,
        data={},
        content_hash=content_hash(content),
        published=True,
        published_at=MOMENT,
    )
    store_published_files(version, reference=inspection.reference, written=[])
    admin, _ = User.objects.get_or_create(
        username="bench-report-admin", defaults={"role": User.Role.ADMINISTRATOR}
    )
    client = Client()
    client.force_login(admin)
    url = reverse("report_download", args=[inspection.reference, 1, "pdf"])
    samples = []
    for index in range(downloads + 1):
        start = time.perf_counter()
        response: Any = client.get(url)
        body = b"".join(response.streaming_content)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200 or not body.startswith(b"%PDF-"):
            raise SystemExit(f"download {index} failed: {response.status_code}")
        if index:  # the first warms the session and the templates
            samples.append(elapsed)
    return samples


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--downloads", type=int, default=50)
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
            downloads = _download_times(inspection, content, args.downloads)
        finally:
            from casescreen.accounts.models import User
            from casescreen.reports.models import PublishedFile, Report, ReportVersion

            PublishedFile.objects.filter(version__report__inspection=inspection).delete()
            ReportVersion.objects.filter(report__inspection=inspection).delete()
            Report.objects.filter(inspection=inspection).delete()
            User.objects.filter(username="bench-report-admin").delete()
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
    median, p95 = statistics.median(downloads), _percentile(downloads, 0.95)
    line(f"published PDF download, median of {len(downloads)}", median, "", True)
    line(f"published PDF download, p95 of {len(downloads)}", p95, "< 50 ms", p95 < 50)
    print(f"  HTML size {len(html) // 1024} KiB")


if __name__ == "__main__":
    main()
