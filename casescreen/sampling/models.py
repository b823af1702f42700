"""Sampling records: the rule's settings per inspection, column mappings, drawn samples
and exclusions, kept as evidence of how the sample was drawn."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SamplingSettings(models.Model):
    """The eligibility window and size rule for one inspection (defaults: the SQS rule)."""

    inspection = models.OneToOneField(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="sampling_settings"
    )
    min_weeks = models.PositiveSmallIntegerField(
        "minimum weeks supervised before fieldwork", default=6
    )
    max_months = models.PositiveSmallIntegerField(
        "maximum months supervised before fieldwork", default=3
    )
    size_floor = models.PositiveSmallIntegerField(default=14)
    size_ceiling = models.PositiveSmallIntegerField(default=45)
    take_all_below = models.PositiveSmallIntegerField(default=14)
    # The sample takes this fraction of the eligible cases (between floor and ceiling).
    fraction_numerator = models.PositiveSmallIntegerField(default=1)
    fraction_denominator = models.PositiveSmallIntegerField(default=3)
    # No case manager holds more than this share of the sample.
    manager_share_numerator = models.PositiveSmallIntegerField(default=1)
    manager_share_denominator = models.PositiveSmallIntegerField(default=4)

    class Meta:
        verbose_name_plural = "sampling settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(size_ceiling__gte=models.F("size_floor")),
                name="sampling_ceiling_not_below_floor",
            ),
            models.CheckConstraint(
                condition=models.Q(fraction_denominator__gt=0)
                & models.Q(fraction_numerator__gt=0)
                & models.Q(fraction_numerator__lte=models.F("fraction_denominator")),
                name="sampling_fraction_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(manager_share_denominator__gt=0)
                & models.Q(manager_share_numerator__gt=0)
                & models.Q(manager_share_numerator__lte=models.F("manager_share_denominator")),
                name="sampling_manager_share_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Sampling settings for {self.inspection}"


class ColumnMapping(models.Model):
    """How a YOT's case list headers map to case fields, remembered for its next list."""

    yot = models.OneToOneField(
        "inspections.Yot", on_delete=models.CASCADE, related_name="column_mapping"
    )
    # Normalised header -> field name, or "ignore".
    mapping = models.JSONField(default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Column mapping for {self.yot}"


class ImportUpload(models.Model):
    """An uploaded case list waiting for its preview to be confirmed; deleted once imported.

    It keeps the table read from the file (``importing.Table.to_json``), not the file: a
    workbook is read once, at upload, within the reading limits, and the column choices,
    the preview and the confirmation all work from what was read then.
    """

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="import_uploads"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    filename = models.CharField(max_length=255)
    table = models.JSONField()
    sha256 = models.CharField(max_length=64)  # of the file as uploaded
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.filename


class SampleRecord(models.Model):
    """One draw: enough to reproduce it (seed, rule, parameters, hash of the eligible cases)."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="sample_records"
    )
    seed = models.BigIntegerField()
    rule = models.CharField(max_length=60)
    parameters = models.JSONField()
    population_hash = models.CharField(max_length=64)
    population_size = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    selected = models.JSONField()
    # Stratum -> references not selected, in seeded order: the like-for-like reserves.
    reserves = models.JSONField()
    strata = models.JSONField()
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    drawn_at = models.DateTimeField(auto_now_add=True)
    # Why an earlier sample was set aside (empty for the first draw). Free text that may
    # name a child or a worker: purged with the inspection's other personal data.
    redraw_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-drawn_at", "-id"]
        get_latest_by = ["drawn_at", "id"]

    def __str__(self) -> str:
        return f"Sample of {self.size} for {self.inspection} (seed {self.seed})"


class SampleExclusion(models.Model):
    """A sampled case taken out of the sample, why, and the reserve that replaced it."""

    sample = models.ForeignKey(SampleRecord, on_delete=models.CASCADE, related_name="exclusions")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="exclusions")
    reason = models.CharField(max_length=300)
    replacement = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_exclusions",
    )
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    excluded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["excluded_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "case"], name="exclusion_once_per_sample")
        ]

    def __str__(self) -> str:
        return f"{self.case} excluded: {self.reason}"
