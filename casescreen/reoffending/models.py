"""Published proven reoffending figures, and the figures an inspection quotes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Series(models.TextChoices):
    """The Ministry of Justice changed its method in October 2017; the two never mix."""

    TWELVE_MONTH = "12-month", _("12-month cohorts (to 2017)")
    THREE_MONTH = "3-month", _("3-month cohorts (from October 2017)")


class ReoffendingFigure(models.Model):
    """One published binary reoffending rate for one cohort of one area.

    ``area`` is a YOT, or empty for England and Wales.
    """

    area = models.ForeignKey(
        "inspections.Yot",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reoffending_figures",
        help_text="Empty for England and Wales.",
    )
    series = models.CharField(max_length=10, choices=Series.choices)
    cohort_start = models.DateField()
    cohort_end = models.DateField()
    cohort_label = models.CharField("cohort", max_length=60)
    offenders = models.PositiveIntegerField()
    reoffenders = models.PositiveIntegerField()
    reoffences = models.PositiveIntegerField(null=True, blank=True)
    rate = models.DecimalField("binary rate (per cent)", max_digits=4, decimal_places=1)
    published_on = models.DateField("publication date")

    class Meta:
        ordering = ["area__name", "series", "cohort_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "series", "cohort_start", "cohort_end"],
                name="reoffending_figure_once_per_area_cohort",
            ),
            models.UniqueConstraint(
                fields=["series", "cohort_start", "cohort_end"],
                condition=models.Q(area__isnull=True),
                name="reoffending_national_figure_once_per_cohort",
            ),
            models.CheckConstraint(
                condition=models.Q(cohort_end__gt=models.F("cohort_start")),
                name="reoffending_cohort_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(reoffenders__lte=models.F("offenders")),
                name="reoffending_reoffenders_within_cohort",
            ),
            models.CheckConstraint(
                condition=models.Q(rate__gte=0, rate__lte=100),
                name="reoffending_rate_is_percentage",
            ),
            models.CheckConstraint(
                condition=models.Q(series__in=["12-month", "3-month"]),
                name="reoffending_series_known",
            ),
        ]
        indexes = [models.Index(fields=["area", "series", "published_on"])]

    def __str__(self) -> str:
        return f"{self.area_name} {self.cohort_label} ({self.series}): {self.rate}%"

    @property
    def area_name(self) -> str:
        return self.area.name if self.area_id and self.area else gettext("England and Wales")


class ReoffendingChoice(models.Model):
    """Which published figures an inspection quotes, and why (automatic or overridden)."""

    inspection = models.OneToOneField(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="reoffending_choice"
    )
    figure = models.ForeignKey(ReoffendingFigure, on_delete=models.PROTECT, related_name="+")
    previous = models.ForeignKey(
        ReoffendingFigure, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    national = models.ForeignKey(ReoffendingFigure, on_delete=models.PROTECT, related_name="+")
    automatic = models.BooleanField(default=True)
    reason = models.TextField(blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    chosen_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(automatic=True) | ~models.Q(reason=""),
                name="reoffending_override_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"Reoffending figures for {self.inspection}"
