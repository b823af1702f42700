"""Benchmark: findings of a generated inspection of 100 cases x 40 questions.

Times the findings service (``inspection_findings``: its queries, applicability
rules and tallies) against one SQL GROUP BY that counts the same answers, on the
same database in the same run. Targets: the service within 3x of the raw count,
and under 100 ms on SQLite.

Runs on a throw-away SQLite file, or on PostgreSQL when DATABASE_URL is set (the
generated inspection is deleted afterwards).

    CASESCREEN_DEV=true .venv/bin/python bench/findings.py [--cases 100] [--runs 50]
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
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QUESTIONS = 40
SEED = 20150202


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


def _framework_yaml(path: Path) -> None:
    """A 40-question framework over the SQS facts, with rules of every kind."""
    source = yaml.safe_load((ROOT / "casescreen/frameworks/sqs-2015.yaml").read_text())
    booleans = [name for name, fact in source["facts"].items() if fact["type"] == "boolean"]
    rules: list[Any] = [
        "always",
        *({"fact": name} for name in booleans),
        {"fact": "sentence_type", "in": ["custody"]},
        {"fact": "sentence_type", "in": ["referral_order"]},
        {"not": {"fact": "sentence_type", "in": ["custody"]}},
        {"all": [{"fact": "psr_prepared"}, {"fact": "rosh_level", "in": ["high", "very_high"]}]},
        {"any": [{"fact": "looked_after"}, {"fact": "vulnerability_level", "in": ["high"]}]},
    ]
    questions = [
        {
            "id": f"q{n:02}",
            "paragraph": f"{n % 4 + 1}.{n // 4 + 1}",
            "text": f"Question {n}?",
            "guidance": "Generated for the benchmark.",
            "applies": rules[n % len(rules)],
            "applies_to": "generated",
            "report": {"met": "met", "not_met": "not met"},
        }
        for n in range(QUESTIONS)
    ]
    themes = [
        {
            "id": str(t + 1),
            "title": f"Theme {t + 1}",
            "paragraphs": [{"id": f"{t + 1}.{p + 1}", "title": "P"} for p in range(10)],
        }
        for t in range(4)
    ]
    # SQS's settings (its name, announcement, kinds of case, sampling, schedule, facts),
    # in English alone: the generated texts are plain strings.
    source.pop("languages", None)
    framework = {
        **source,
        "id": "bench",
        "version": "1",
        "title": "Benchmark",
        "status": "draft",
        "vocabulary": "sqs",
        "themes": themes,
        "questions": questions,
    }
    path.write_text(yaml.safe_dump(framework, sort_keys=False))


def _populate(cases: int, framework_path: Path) -> Any:
    from casescreen.assessments.models import Answer, Assessment
    from casescreen.cases.models import Case
    from casescreen.frameworks.loader import available_frameworks, load_framework
    from casescreen.frameworks.report_templates import available_templates, template_for
    from casescreen.inspections.models import Inspection, Yot

    framework = load_framework(framework_path)
    # Register the generated question set so that inspection.framework() finds it, with
    # SQS's report template, whose vocabulary the findings are written in.
    available_frameworks()[framework.key] = framework
    available_templates()[framework.key] = template_for("sqs@2015.1")
    rng = random.Random(SEED)
    yot, _ = Yot.objects.get_or_create(
        name="Benchmark YOT", defaults={"local_authority": "Benchmark", "nation": "england"}
    )
    reference = f"bench-{os.getpid()}"
    inspection = Inspection.objects.create(
        yot=yot,
        reference=reference,
        framework_id=framework.id,
        framework_version=framework.version,
        fieldwork_start=date(2015, 2, 2),
        fieldwork_end=date(2015, 2, 4),
    )
    levels = ("low", "medium", "high", "very_high")
    sentences = ("referral_order", "youth_rehabilitation_order", "custody", "other_statutory")
    rows = Case.objects.bulk_create(
        Case(
            inspection=inspection,
            reference=f"BX{i:04}",
            sample_status=Case.SampleStatus.SAMPLED,
            sentence_type=rng.choice(sentences),
            psr_prepared=rng.random() < 0.7,
            has_plan=rng.random() < 0.95,
            reoffending_review_required=rng.random() < 0.6,
            roh_review_required=rng.random() < 0.6,
            roh_plan_required=rng.random() < 0.7,
            identifiable_victim=rng.random() < 0.5,
            oversight_required=rng.random() < 0.8,
            vulnerability_review_required=rng.random() < 0.6,
            vulnerability_plan_required=rng.random() < 0.7,
            rosh_level=rng.choice(levels),
            vulnerability_level=rng.choice(levels),
            looked_after=rng.random() < 0.2,
            placed_from_other_la=rng.random() < 0.1,
            non_compliance=rng.random() < 0.3,
        )
        for i in range(cases)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(
            case=case,
            status=Assessment.Status.COMPLETED if rng.random() < 0.95 else "in_progress",
            framework_id=framework.id,
            framework_version=framework.version,
        )
        for case in rows
    )
    Answer.objects.bulk_create(
        Answer(assessment=a, question_id=q.id, value="yes" if rng.random() < 0.85 else "no")
        for a, case in zip(assessments, rows, strict=True)
        for q in framework.questions
        if q.applies(case.facts())
    )
    return Inspection.objects.get(pk=inspection.pk)


def _raw_count(inspection_id: int) -> list[tuple[str, str, int]]:
    from django.db import connection

    from casescreen.assessments.models import Answer, Assessment
    from casescreen.cases.models import Case

    # Names come from the models and values are parameters: nothing from outside.
    sql = (
        "SELECT a.question_id, a.value, COUNT(*) "  # noqa: S608
        f"FROM {Answer._meta.db_table} a "
        f"JOIN {Assessment._meta.db_table} s ON s.id = a.assessment_id "
        f"JOIN {Case._meta.db_table} c ON c.id = s.case_id "
        "WHERE c.inspection_id = %s AND c.sample_status = %s "
        "GROUP BY a.question_id, a.value"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [inspection_id, Case.SampleStatus.SAMPLED])
        return list(cursor.fetchall())


@dataclass(frozen=True)
class Timing:
    median_ms: float
    best_ms: float
    cpu_median_ms: float


def _time(func: Callable[[], object], runs: int) -> Timing:
    """Wall-clock median and best, and the median CPU time of this thread.

    SQLite runs inside this thread, so on SQLite the CPU time is the work done,
    unaffected by other processes competing for the machine; on PostgreSQL it
    leaves out the server's share.
    """
    func()  # warm caches and connections before timing
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.thread_time()
        func()
        cpu.append((time.thread_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return Timing(statistics.median(wall), min(wall), statistics.median(cpu))


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="casescreen-bench-") as tmp:
        workdir = Path(tmp)
        vendor = _setup_django(workdir)
        framework_path = workdir / "bench-1.yaml"
        _framework_yaml(framework_path)
        inspection = _populate(args.cases, framework_path)
        try:
            return _measure(inspection, vendor, args.runs)
        finally:
            inspection.cases.all().delete()
            inspection.delete()


def _measure(inspection: Any, vendor: str, runs: int) -> int:
    from casescreen.assessments.models import Answer
    from casescreen.findings.selectors import inspection_findings

    findings = inspection_findings(inspection)
    tallies = findings.tallies
    raw = _raw_count(inspection.pk)
    answers = Answer.objects.filter(assessment__case__inspection=inspection).count()
    # The raw count includes incomplete assessments; the service leaves them out.
    assert sum(n for _, value, n in raw if value == "yes") >= sum(t.met for t in tallies.questions)

    service = _time(lambda: inspection_findings(inspection), runs)
    raw_count = _time(lambda: _raw_count(inspection.pk), runs)
    print(f"database: {vendor}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        f"inspection: {tallies.total} cases ({tallies.completed} completed) x "
        f"{len(tallies.questions)} questions, {answers} answers"
    )
    print(f"{'':28}{'median':>10}{'best':>10}{'CPU median':>12}   (ms, {runs} runs)")
    for name, timing in (("findings service", service), ("raw SQL GROUP BY", raw_count)):
        print(
            f"{name:28}{timing.median_ms:10.2f}{timing.best_ms:10.2f}{timing.cpu_median_ms:12.2f}"
        )
    ratios = (
        service.median_ms / raw_count.median_ms,
        service.best_ms / raw_count.best_ms,
        service.cpu_median_ms / raw_count.cpu_median_ms,
    )
    print(f"{'ratio service / raw':28}{ratios[0]:9.2f}x{ratios[1]:9.2f}x{ratios[2]:11.2f}x")
    print(f"target within 3x of the raw count (median): {_verdict(ratios[0] <= 3)}")
    if vendor == "sqlite":
        print(f"target under 100 ms on SQLite (median): {_verdict(service.median_ms < 100)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
