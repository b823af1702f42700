"""casescreen load_demo: the demo inspections and their users (idempotent)."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from casescreen.demo import data as demo
from casescreen.demo.self_assessments import AUDITOR, MANAGER


class Command(BaseCommand):
    help = (
        "Create the demo users and inspections: Redbridge (SQS, February 2015, published), "
        "Glanyrafon (SQS, May 2015, a YOT in Wales, published in Welsh and English), "
        "Thornbury (SQS, in fieldwork, with two self-assessments by its YOT) and Ashwick "
        "(youth justice standards, 2024, in fieldwork)."
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
            self.stdout.write(self.style.SUCCESS(_("Demo inspections created.")))
        else:
            self.stdout.write(_("Demo inspections already present; nothing changed."))
        rows = [
            (_("lead inspector"), demo.LEAD),
            (_("inspector"), demo.INSPECTOR),
            (_("YOT manager"), demo.YOT_MANAGER),
            (_("Thornbury YOT's manager (self-assessments)"), MANAGER),
            (_("Thornbury YOT's auditor"), AUDITOR),
            (_("password"), f"{result.password}  ({result.password_source})"),
        ]
        width = max(len(label) for label, _value in rows) + 2
        lines = [_("Sign in as:")] + [f"  {label:<{width}}{value}" for label, value in rows]
        self.stdout.write("\n".join(lines))
