"""Case list import and sampling at 10,000 rows: dry run, import, draw; rows per second and
peak memory. Targets: import under 5 s, peak memory under 300 MB, sampling under 1 s.

    CASESCREEN_DEV=true .venv/bin/python bench/import_sample.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench CASESCREEN_DEV=true .venv/bin/python bench/import_sample.py

Without DATABASE_URL a throw-away SQLite file is used.
"""

from __future__ import annotations

import io
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROWS = 10_000
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("CASESCREEN_DEV", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casescreen.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from casescreen.inspections.models import Inspection, Yot  # noqa: E402
from casescreen.sampling import selectors, services  # noqa: E402
from tests.sampling.conftest import FIELDWORK_START, case_list_csv  # noqa: E402


def timed(label: str, fn: Callable[[], Any], rows: int | None = None) -> Any:
    """Time a step, then run it again under tracemalloc for its peak (tracing slows it down,
    so the two are measured apart); steps that write are only run once, untraced."""
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    rate = f"{rows / seconds:>9,.0f} rows/s" if rows else " " * 16
    print(f"{label:<34} {seconds:7.3f} s  {rate}")
    return result


def traced_peak(label: str, fn: Callable[[], Any]) -> None:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<34} peak traced Python memory {peak / 1024 / 1024:6.1f} MB")


def xlsx_from_csv(text: str) -> bytes:
    import csv

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in csv.reader(io.StringIO(text)):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}, {ROWS:,} rows")
    csv_bytes = case_list_csv(ROWS).encode("utf-8")
    xlsx_bytes = xlsx_from_csv(csv_bytes.decode())
    print(f"CSV {len(csv_bytes) / 1024 / 1024:.1f} MB, XLSX {len(xlsx_bytes) / 1024 / 1024:.1f} MB")
    yot, _ = Yot.objects.get_or_create(
        name="Benchmark YOT", defaults={"local_authority": "Bench", "nation": "england"}
    )
    Inspection.objects.filter(reference="bench-import").delete()
    inspection = Inspection.objects.create(
        yot=yot,
        reference="bench-import",
        framework_id="sqs",
        framework_version="2015.1",
        status=Inspection.Status.ANNOUNCED,
        fieldwork_start=FIELDWORK_START,
        fieldwork_end=FIELDWORK_START,
    )
    try:
        timed(
            "dry run (parse + validate), CSV",
            lambda: selectors.read_case_list(inspection, csv_bytes, "c.csv"),
            ROWS,
        )
        preview = timed(
            "dry run (parse + validate), XLSX",
            lambda: selectors.read_case_list(inspection, xlsx_bytes, "c.xlsx"),
            ROWS,
        )
        assert preview.created == ROWS, preview.created
        traced_peak(
            "  dry run, XLSX", lambda: selectors.read_case_list(inspection, xlsx_bytes, "c.xlsx")
        )

        def full_import() -> object:
            p = selectors.read_case_list(inspection, csv_bytes, "c.csv")
            return services.cases_import(inspection=inspection, user=None, parsed=p.parsed)

        outcome = timed("import (parse + write), CSV", full_import, ROWS)
        print(f"  {outcome}")
        outcome = timed("re-import, nothing changed", full_import, ROWS)
        print(f"  {outcome}")
        record = timed(
            "draw the sample",
            lambda: services.sample_draw(inspection=inspection, user=None, seed=2015),
        )
        print(f"  {record.size} of {record.population_size} eligible cases")
        timed("sample page data (profile)", lambda: selectors.sample_profile(inspection))
    finally:
        inspection.delete()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the process: {maxrss:.0f} MB")


if __name__ == "__main__":
    main()
