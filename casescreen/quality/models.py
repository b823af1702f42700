"""Quality assurance of completed assessments: reviews, queries and their threads.

The review state lives here, beside the assessment, so ``Assessment.status`` keeps
meaning what the inspector did (not started, in progress, completed).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class QualityAssurer(models.Model):
    """A member of the inspection team the lead inspector has named to review assessments."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="quality_assurers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quality_assurance"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "user"], name="quality_assurer_once_per_inspection"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} assures {self.inspection}"


class Review(models.Model):
    class Status(models.TextChoices):
        UNDER_REVIEW = "under_review", gettext_lazy("Under review")
        RETURNED = "returned", gettext_lazy("Returned with queries")
        AGREED = "agreed", gettext_lazy("Agreed")

    assessment = models.OneToOneField(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="review"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    # The assessment's version when the reviewer last acted: an assessment completed
    # again after that (its version moved on) is awaiting review again.
    assessment_version = models.PositiveIntegerField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["under_review", "returned", "agreed"]),
                name="review_status_known",
            )
        ]

    def __str__(self) -> str:
        return f"Review of {self.assessment}: {self.status}"


class Query(models.Model):
    """A reviewer's question about one answer or one case fact; the thread stays with the
    assessment through every return and completion."""

    class Subject(models.TextChoices):
        ANSWER = "answer", gettext_lazy("Answer")
        FACT = "fact", gettext_lazy("Case fact")

    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="quality_queries"
    )
    subject = models.CharField(max_length=10, choices=Subject.choices)
    # A question id of the framework for an answer, a fact name for a fact.
    key = models.CharField(max_length=60)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assessment", "raised_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(subject__in=["answer", "fact"]), name="query_subject_known"
            )
        ]
        indexes = [models.Index(fields=["resolved_at"])]

    def __str__(self) -> str:
        return f"Query on {self.subject} {self.key}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class QueryMessage(models.Model):
    query = models.ForeignKey(Query, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Free text about the case, purged with it.
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["query", "created_at", "id"]

    def __str__(self) -> str:
        return f"Message on {self.query}"


class QueriesOverride(models.Model):
    """The lead inspector's reason for sending the report to the factual accuracy check
    while quality assurance queries were still open."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="queries_overrides"
    )
    reason = models.TextField()
    open_queries = models.PositiveIntegerField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "at"]

    def __str__(self) -> str:
        return f"Open queries overridden on {self.inspection}"
