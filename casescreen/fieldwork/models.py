"""Fieldwork arrangements: the interview timetable and when case managers are unavailable.

Which inspector takes a case is the assessment's inspector (``Assessment.inspector``):
allocating a case sets it, and the case page and findings already read it.
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models


class TimetableSettings(models.Model):
    """The working day and slot length of one inspection's fieldwork (defaults: Monday
    lunchtime to Wednesday afternoon, in 90-minute slots)."""

    inspection = models.OneToOneField(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="timetable_settings"
    )
    day_start = models.TimeField("day starts", default=time(9, 0))
    day_end = models.TimeField("day ends", default=time(17, 0))
    first_day_start = models.TimeField("first day starts", default=time(12, 0))
    last_day_end = models.TimeField("last day ends", default=time(16, 0))
    slot_minutes = models.PositiveSmallIntegerField("slot length in minutes", default=90)

    class Meta:
        verbose_name_plural = "timetable settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(day_end__gt=models.F("day_start")),
                name="timetable_day_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(slot_minutes__gte=15, slot_minutes__lte=480),
                name="timetable_slot_length_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Timetable settings for {self.inspection}"


class Interview(models.Model):
    """A case's slot: its inspector discusses it with its case manager present."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="interviews"
    )
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="interview")
    day = models.DateField()
    start = models.TimeField()
    end = models.TimeField()
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interviews"
    )
    # The case's case manager when it was booked: the name the clash rule compares.
    case_manager = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day", "start", "case__reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="interview_ends_after_start"
            ),
            # Slots come from one grid per inspection, so a clash is the same start.
            models.UniqueConstraint(
                fields=["inspection", "inspector", "day", "start"],
                name="interview_inspector_once_per_slot",
            ),
            models.UniqueConstraint(
                fields=["inspection", "case_manager", "day", "start"],
                condition=~models.Q(case_manager=""),
                name="interview_case_manager_once_per_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} on {self.day} at {self.start:%H:%M}"


class Unavailability(models.Model):
    """A period in which a case manager cannot attend an interview."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="unavailabilities"
    )
    case_manager = models.CharField(max_length=200)
    day = models.DateField()
    start = models.TimeField()
    end = models.TimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["case_manager", "day", "start"]
        verbose_name_plural = "unavailabilities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="unavailability_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_manager} unavailable on {self.day}"
