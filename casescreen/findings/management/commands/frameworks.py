"""List the framework versions shipped with the product."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from casescreen.frameworks.loader import available_frameworks

COLUMNS = ("Framework", "Title", "Status", "Style", "Ratings")


class Command(BaseCommand):
    help = "List every framework version with its title, status, style and whether it rates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args: Any, **options: Any) -> None:
        frameworks = sorted(available_frameworks().values(), key=lambda f: (f.id, f.version))
        if options["json"]:
            listed = [
                {
                    "framework": f.key,
                    "id": f.id,
                    "version": f.version,
                    "title": f.title,
                    "status": f.status,
                    "style": f.style,
                    "ratings": f.ratings is not None,
                }
                for f in frameworks
            ]
            self.stdout.write(json.dumps(listed, indent=2))
            return
        rows = [
            (f.key, f.title, f.status, f.style, "yes" if f.ratings is not None else "no")
            for f in frameworks
        ]
        widths = [max(len(row[i]) for row in (COLUMNS, *rows)) for i in range(len(COLUMNS))]
        for row in (COLUMNS, *rows):
            self.stdout.write(
                "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
