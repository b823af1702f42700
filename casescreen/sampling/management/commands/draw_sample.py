"""casescreen draw_sample <inspection-ref> [--seed N]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from casescreen.inspections.models import Inspection
from casescreen.sampling import services


class Command(BaseCommand):
    help = "Draw the inspection's sample (the same seed and data give the same sample)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference")
        parser.add_argument("--seed", type=int, help="seed to reproduce a sample; random if absent")
        parser.add_argument(
            "--reason", default="", help="why the sample is redrawn (required for a redraw)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        inspection = Inspection.objects.filter(reference=options["reference"]).first()
        if inspection is None:
            raise CommandError(
                gettext("No inspection %(options)s.") % {"options": f"{options['reference']!r}"}
            )
        try:
            record = services.sample_draw(
                inspection=inspection, user=None, seed=options["seed"], reason=options["reason"]
            )
        except services.SamplingError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            gettext(
                "Seed %(seed)s: %(size)s of %(population_size)s eligible cases "
                "(population hash %(population_hash)s)."
            )
            % {
                "seed": record.seed,
                "size": record.size,
                "population_size": record.population_size,
                "population_hash": record.population_hash,
            }
        )
        self.stdout.write(" ".join(record.selected))
