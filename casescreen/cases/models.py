"""Cases of an inspection: the facts that drive applicability, and the child's identity kept apart."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy


class SentenceType(models.TextChoices):
    REFERRAL_ORDER = "referral_order", gettext_lazy("Referral order")
    YOUTH_REHABILITATION_ORDER = (
        "youth_rehabilitation_order",
        gettext_lazy("Youth rehabilitation order"),
    )
    CUSTODY = "custody", gettext_lazy("Custodial sentence")
    OTHER_STATUTORY = "other_statutory", gettext_lazy("Other statutory court order")
    OUT_OF_COURT = "out_of_court", gettext_lazy("Out of court disposal")
    YOUTH_CAUTION = "youth_caution", gettext_lazy("Youth caution")
    YOUTH_CONDITIONAL_CAUTION = (
        "youth_conditional_caution",
        gettext_lazy("Youth conditional caution"),
    )
    COMMUNITY_RESOLUTION = "community_resolution", gettext_lazy("Community resolution")


class Level(models.TextChoices):
    LOW = "low", gettext_lazy("Low")
    MEDIUM = "medium", gettext_lazy("Medium")
    HIGH = "high", gettext_lazy("High")
    VERY_HIGH = "very_high", gettext_lazy("Very high")


class Case(models.Model):
    class SampleStatus(models.TextChoices):
        POPULATION = "population", gettext_lazy("Not sampled")
        SAMPLED = "sampled", gettext_lazy("In the sample")
        EXCLUDED = "excluded", gettext_lazy("Excluded from the sample")

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="cases"
    )
    reference = models.CharField("case reference", max_length=50)
    sample_status = models.CharField(
        max_length=12, choices=SampleStatus.choices, default=SampleStatus.POPULATION
    )
    exclusion_reason = models.CharField(max_length=300, blank=True)

    # Facts that decide which questions apply (names match the framework's facts).
    sentence_type = models.CharField(max_length=30, choices=SentenceType.choices)
    psr_prepared = models.BooleanField("PSR prepared", default=False)
    has_plan = models.BooleanField(default=True)
    reoffending_review_required = models.BooleanField(default=False)
    roh_review_required = models.BooleanField("risk of harm review required", default=False)
    roh_plan_required = models.BooleanField("risk of harm plan required", default=False)
    identifiable_victim = models.BooleanField(default=False)
    oversight_required = models.BooleanField(default=False)
    vulnerability_review_required = models.BooleanField(default=False)
    vulnerability_plan_required = models.BooleanField(default=False)
    rosh_level = models.CharField(
        "risk of serious harm level", max_length=10, choices=Level.choices, blank=True
    )
    vulnerability_level = models.CharField(max_length=10, choices=Level.choices, blank=True)
    looked_after = models.BooleanField(default=False)
    placed_from_other_la = models.BooleanField("placed from another local authority", default=False)
    placing_authority = models.CharField(max_length=200, blank=True)
    non_compliance = models.BooleanField(default=False)

    # Profile facts for sampling and analysis.
    sentence_date = models.DateField(null=True, blank=True)
    supervision_start = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=30, blank=True)
    ethnicity = models.CharField(max_length=60, blank=True)
    case_manager = models.CharField(max_length=200, blank=True)

    # Optimistic concurrency: every change to the facts increments it.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "reference"], name="case_reference_unique_in_inspection"
            )
        ]
        indexes = [models.Index(fields=["inspection", "sample_status"])]

    def __str__(self) -> str:
        return self.reference

    def facts(self, names: list[str] | tuple[str, ...] | None = None) -> dict[str, object]:
        """The values of the case facts named by the framework."""
        from casescreen.cases.facts import FACT_FIELDS

        return {name: getattr(self, name) for name in (names or FACT_FIELDS)}


class CaseIdentity(models.Model):
    """Personal identifiers, stored apart from the facts and purged after publication."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="identity")
    child_name = models.CharField(max_length=200, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "case identities"

    def __str__(self) -> str:
        return f"Identity for {self.case}"
