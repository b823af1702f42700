from __future__ import annotations

from django.contrib import admin

from casescreen.audit.readonly import ReadOnlyAdmin
from casescreen.reoffending.models import ReoffendingChoice, ReoffendingFigure


@admin.register(ReoffendingFigure)
class ReoffendingFigureAdmin(ReadOnlyAdmin):
    """Published figures, read from the Ministry of Justice's tables on the figures' page
    (which checks every row and records the import); never edited here."""

    list_display = (
        "area",
        "series",
        "cohort_label",
        "offenders",
        "reoffenders",
        "rate",
        "published_on",
    )
    list_select_related = ("area",)
    list_filter = ("series",)
    search_fields = ("area__name", "cohort_label")


@admin.register(ReoffendingChoice)
class ReoffendingChoiceAdmin(ReadOnlyAdmin):
    inspection_path = "inspection__"
    list_display = ("inspection",)
    search_fields = ("inspection__reference",)
