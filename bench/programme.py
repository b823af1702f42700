"""Benchmark of the programme view at national scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casescreen_bench_programme \
        CASESCREEN_DEV=true .venv/bin/python bench/programme.py
    CASESCREEN_DEV=true .venv/bin/python bench/programme.py   # SQLite in var/bench/

Creates the database when it is empty (migrate + generate_programme, timed), then
times the programme page as an administrator through the Django test client, one
hand-written SQL query computing the same per-question totals (the floor), and the
CSV export. Targets: page < 1 s and within 3x of the floor; CSV < 3 s. The page is
timed with its charts already drawn for these figures (they are cached by their
inputs) and, separately, with the chart cache emptied before each request.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CASESCREEN_DEV", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casescreen.settings")
if not os.environ.get("DATABASE_URL"):
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SQLITE_PATH", str(ROOT / "var" / "bench" / "programme.sqlite3"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

# Applicability of the sqs 2015.1 questions, written by hand.
FLOOR_SQL = """
SELECT a.question_id,
       SUM(CASE WHEN a.value = 'yes' THEN 1 ELSE 0 END) AS met,
       COUNT(*) AS counted
FROM assessments_answer a
JOIN assessments_assessment s ON s.id = a.assessment_id
JOIN cases_case c ON c.id = s.case_id
JOIN inspections_inspection i ON i.id = c.inspection_id
WHERE s.status = 'completed'
  AND i.status IN ('published', 'closed')
  AND i.framework_id = 'sqs' AND i.framework_version = '2015.1'
  AND a.value IN ('yes', 'no')
  AND (
    a.question_id IN ('q1_1_offending_understood', 'q1_6_planning_sufficient',
                      'q2_2_risk_understood', 'q3_2_vulnerability_understood',
                      'q4_1_diversity_understood', 'q4_4_barriers_planned')
    OR (a.question_id IN ('q1_2_psr_quality', 'q2_1_psr_risk_of_harm',
                          'q3_1_psr_vulnerability') AND c.psr_prepared)
    OR (a.question_id = 'q1_3_reoffending_review' AND c.reoffending_review_required)
    OR (a.question_id = 'q1_4_plan_used_well' AND c.has_plan)
    OR (a.question_id = 'q1_5_referral_order_seen' AND c.sentence_type = 'referral_order')
    OR (a.question_id = 'q1_6_custody_planning' AND c.sentence_type = 'custody')
    OR (a.question_id = 'q2_3_risk_reviewed' AND c.roh_review_required)
    OR (a.question_id = 'q2_4_risk_planning' AND c.roh_plan_required)
    OR (a.question_id = 'q2_5_victims' AND c.identifiable_victim)
    OR (a.question_id = 'q2_6_oversight' AND c.oversight_required)
    OR (a.question_id = 'q3_3_vulnerability_reviewed' AND c.vulnerability_review_required)
    OR (a.question_id = 'q3_4_vulnerability_plans' AND c.vulnerability_plan_required)
    OR (a.question_id = 'q3_5_vulnerability_plans_reviewed'
        AND c.vulnerability_plan_required AND c.vulnerability_review_required)
    OR (a.question_id IN ('q4_5_non_compliance_response', 'q4_5_returned_to_court')
        AND c.non_compliance)
    OR (a.question_id = 'qafi_placed_children' AND c.placed_from_other_la)
  )
GROUP BY a.question_id
"""


def timed(function: Callable[[], object], runs: int) -> tuple[float, object]:
    times: list[float] = []
    result: object = None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--yots", type=int, default=150)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    from casescreen.accounts.models import User
    from casescreen.assessments.models import Answer
    from casescreen.programme import charts
    from casescreen.programme.selectors import ProgrammeFilters, programme

    if not Answer.objects.exists():
        started = time.perf_counter()
        call_command("generate_programme", yots=args.yots, years=args.years, seed=2015)
        print(f"generation: {time.perf_counter() - started:.1f} s")
    else:
        print("generation: skipped (database already holds a programme)")
    print(f"answers: {Answer.objects.count()}")
    user, _ = User.objects.get_or_create(username="bench-admin", defaults={"role": "administrator"})
    client = Client()
    client.force_login(user)

    def page() -> object:
        response = client.get("/programme/")
        assert response.status_code == 200, response.status_code
        return response

    def page_drawing_charts() -> object:
        charts.clear_cache()
        return page()

    def floor() -> list[tuple[str, int, int]]:
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL)
            return cursor.fetchall()

    def export() -> object:
        response = client.get("/programme/programme.csv")
        assert response.status_code == 200
        return response

    from casescreen.frameworks import get_framework

    framework = get_framework("sqs", "2015.1")
    rows = {qid: (met, counted) for qid, met, counted in floor()}
    pooled = {
        r.question.id: (r.pooled.met, r.pooled.applicable)
        for r in programme(ProgrammeFilters(framework)).questions
    }
    assert pooled == rows, "the page and the floor disagree"
    page()  # warm up imports and fonts
    # Interleaved, so that the ratio compares runs made under the same load.
    pages, floors = [], []
    for _ in range(args.runs):
        pages.append(timed(page, 1)[0])
        floors.append(timed(floor, 1)[0])
    page_s, floor_s = statistics.median(pages), statistics.median(floors)
    cold_s, _ = timed(page_drawing_charts, args.runs)
    selector_s, _ = timed(lambda: programme(ProgrammeFilters(framework)), args.runs)
    csv_s, _ = timed(export, args.runs)
    print(f"programme page (server side, median of {args.runs}): {page_s * 1000:.0f} ms")
    print(f"  first view of new figures (charts drawn): {cold_s * 1000:.0f} ms")
    print(f"  of which selector: {selector_s * 1000:.0f} ms")
    print(f"floor (hand-written SQL, same totals): {floor_s * 1000:.0f} ms")
    print(f"ratio page / floor: {page_s / floor_s:.2f}x (target <= 3x); page target < 1000 ms")
    print(f"CSV export: {csv_s * 1000:.0f} ms (target < 3000 ms)")


if __name__ == "__main__":
    main()
