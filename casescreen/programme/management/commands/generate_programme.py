"""casescreen generate_programme: a synthetic national programme for testing and benchmarks."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from casescreen.programme.generate import default_framework_key, generate_programme


class Command(BaseCommand):
    help = "Create a synthetic programme: one inspection per YOT per year, with cases and answers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--yots", type=int, default=150)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=2015)
        parser.add_argument("--start-year", type=int, default=2013)
        parser.add_argument("--cases", type=int, default=40, help="Average cases per inspection.")
        parser.add_argument(
            "--framework",
            help="The framework as id@version (default: the latest inspection's, else the"
            " first published framework that states findings in words).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("yots", "years", "cases"):
            if options[name] < 1:
                raise CommandError(gettext("--%(name)s must be at least 1") % {"name": name})
        started = time.perf_counter()
        try:
            result = generate_programme(
                framework_key=options["framework"] or default_framework_key(),
                yots=options["yots"],
                years=options["years"],
                seed=options["seed"],
                start_year=options["start_year"],
                cases_per_inspection=options["cases"],
                progress=self.stdout.write if options["verbosity"] > 1 else None,
            )
        except ValueError as exc:  # a FrameworkError too
            raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                gettext(
                    "Generated %(yots)s YOTs, %(inspections)s inspections, %(cases)s "
                    "cases, %(answers)s answers and %(figures)s reoffending figures in "
                    "%(seconds)s s."
                )
                % {
                    "yots": result.yots,
                    "inspections": result.inspections,
                    "cases": result.cases,
                    "answers": result.answers,
                    "figures": result.figures,
                    "seconds": f"{seconds:.1f}",
                }
            )
        )
