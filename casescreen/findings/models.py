"""The inspectors' rating of each organisational standard, with the evidence behind it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StandardJudgement(models.Model):
    """The rating the inspectors give a standard judged on evidence (not from case answers).

    ``standard`` is a paragraph id of the inspection's pinned framework and ``rating`` a
    rating id of its scale: both are checked by ``standard_judgement_record``."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="standard_judgements"
    )
    standard = models.CharField(max_length=20)
    rating = models.CharField(max_length=40)
    key_findings = models.TextField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["inspection", "standard"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "standard"], name="standard_judgement_once_per_standard"
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard}: {self.rating}"
