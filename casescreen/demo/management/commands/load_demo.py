"""casescreen load_demo: the demo inspections and their users (idempotent)."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from casescreen.demo import data as demo
from casescreen.demo.self_assessments import AUDITOR, MANAGER


class Command(BaseCommand):
    help = (
        "Create the demo users and inspections: Redbridge (SQS, February 2015, published), "
        "Thornbury (SQS, in fieldwork) and Ashwick (youth justice standards, 2024, in fieldwork)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            help="Password for the demo users (default: CASESCREEN_DEMO_PASSWORD, "
            "or one generated on first run and kept in the var folder).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"] or os.environ.get("CASESCREEN_DEMO_PASSWORD") or None
        result = demo.load_demo(password)
        if result.created:
            self.stdout.write(self.style.SUCCESS("Demo inspections created."))
        else:
            self.stdout.write("Demo inspections already present; nothing changed.")
        self.stdout.write(
            "Sign in as:\n"
            f"  lead inspector  {demo.LEAD}\n"
            f"  inspector       {demo.INSPECTOR}\n"
            f"  YOT manager     {demo.YOT_MANAGER}\n"
            "  Thornbury YOT's manager and auditor (its self-assessments)\n"
            f"                  {MANAGER}, {AUDITOR}\n"
            f"  password        {result.password}  ({result.password_source})"
        )
