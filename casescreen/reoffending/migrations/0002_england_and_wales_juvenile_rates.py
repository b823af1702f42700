"""England and Wales juvenile proven reoffending rates, 12-month cohorts (DOMAIN.md section 6).

Offenders, reoffenders and rates are the published figures. Publication dates
follow the one the Redbridge report footnotes (the April 2012 - March 2013 cohort
was published in January 2015); the other dates assume the same lag and can be
corrected by importing the official table.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import migrations

RATES = [
    # cohort start year, offenders, reoffenders, rate
    (2008, 139732, 45856, "32.8"),
    (2009, 113584, 37786, "33.3"),
    (2010, 88357, 31635, "35.8"),
    (2011, 70504, 25009, "35.5"),
    (2012, 52648, 18998, "36.1"),
    (2013, 42299, 16083, "38.0"),
]


def add_rates(apps, schema_editor):
    Figure = apps.get_model("reoffending", "ReoffendingFigure")
    for year, offenders, reoffenders, rate in RATES:
        Figure.objects.update_or_create(
            area=None,
            series="12-month",
            cohort_start=date(year, 4, 1),
            cohort_end=date(year + 1, 3, 31),
            defaults={
                "cohort_label": f"April {year} – March {year + 1}",
                "offenders": offenders,
                "reoffenders": reoffenders,
                "reoffences": None,
                "rate": Decimal(rate),
                "published_on": date(year + 3, 1, 29),
            },
        )


def remove_rates(apps, schema_editor):
    Figure = apps.get_model("reoffending", "ReoffendingFigure")
    for year, *_ in RATES:
        Figure.objects.filter(area=None, series="12-month", cohort_start=date(year, 4, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [("reoffending", "0001_initial")]

    operations = [migrations.RunPython(add_rates, remove_rates)]
