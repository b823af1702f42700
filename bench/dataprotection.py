"""Benchmark: export, import and purge of a whole inspection.

Builds the Redbridge demo (33 cases), then a larger inspection made of copies of
its cases (``--copies``, default 10: 330 cases, about 5,400 answers) through the
import itself, and times export (document built and checked), import (verify,
validate, write) and the retention purge of that inspection. Targets: each
under 5 seconds for 330 cases on SQLite.

Runs on a throw-away SQLite file, or on PostgreSQL when DATABASE_URL is set
(the generated inspections are deleted afterwards).

    CASESCREEN_DEV=true .venv/bin/python bench/dataprotection.py [--copies 10]
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIG = "bench-dataprotection"


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        vendor = _setup_django(Path(workdir))
        from casescreen.dataprotection.document import build_document, dumps
        from casescreen.dataprotection.selectors import inspection_export_payload, purge_plan
        from casescreen.dataprotection.services import (
            inspection_import,
            inspection_purge_personal_data,
        )
        from casescreen.demo import data as demo
        from casescreen.inspections.models import Inspection

        demo.load_demo("bench-password-not-for-sign-in")
        Inspection.objects.filter(reference=BIG).delete()
        redbridge = Inspection.objects.get(reference=demo.REFERENCE)
        payload = inspection_export_payload(redbridge)
        payload["report"] = None
        cases = []
        for n in range(args.copies):
            for case in payload["cases"]:
                clone = copy.deepcopy(case)
                clone["reference"] = f"{case['reference']}-{n}"
                cases.append(clone)
        payload["cases"] = cases
        raw = dumps(build_document(payload)).encode()

        started = time.perf_counter()
        result = inspection_import(raw=raw, reference=BIG)
        import_seconds = time.perf_counter() - started
        big = result.inspection

        started = time.perf_counter()
        exported = dumps(build_document(inspection_export_payload(big))).encode()
        export_seconds = time.perf_counter() - started

        big.status = Inspection.Status.PUBLISHED
        big.published_on = date(2015, 2, 25)
        big.save(update_fields=["status", "published_on"])
        started = time.perf_counter()
        plan = inspection_purge_personal_data(inspection=big)
        purge_seconds = time.perf_counter() - started
        assert purge_plan(big).empty

        print(f"database: {vendor}")
        print(f"inspection: {result.cases} cases, {result.answers} answers")
        print(f"document: {len(exported) / 1024:.0f} KiB")
        print(f"import (verify, validate, write): {import_seconds * 1000:.0f} ms")
        print(f"export (read, serialise, sign):   {export_seconds * 1000:.0f} ms")
        print(
            f"purge ({plan.identities} identities, {plan.evidence} evidence notes): "
            f"{purge_seconds * 1000:.0f} ms"
        )
        if os.environ.get("DATABASE_URL"):
            Inspection.objects.filter(reference=BIG).delete()


if __name__ == "__main__":
    main()
