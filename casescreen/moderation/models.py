"""Blind double assessment: a second inspector's independent answers to a case, and the
lead inspector's reconciliation of each disagreement."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class DoubleAssessment(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", gettext_lazy("In progress")
        COMPLETED = "completed", gettext_lazy("Completed")

    class Chosen(models.TextChoices):
        RANDOM = "random", gettext_lazy("Chosen at random")
        HAND = "hand", gettext_lazy("Chosen by hand")

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="double_assessment"
    )
    second_inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="second_assessments"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    chosen = models.CharField(max_length=8, choices=Chosen.choices)
    # With a random choice: the seed and share, so the choice can be drawn again.
    seed = models.BigIntegerField(null=True, blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case__reference"]

    def __str__(self) -> str:
        return f"Double assessment of {self.case}"


class SecondAnswer(models.Model):
    double_assessment = models.ForeignKey(
        DoubleAssessment, on_delete=models.CASCADE, related_name="answers"
    )
    question_id = models.CharField(max_length=60)
    value = models.CharField(max_length=20, blank=True)
    evidence = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # By id, as Answer's: ordering by the double assessment would join its case.
        ordering = ["double_assessment_id", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["double_assessment", "question_id"], name="second_answer_once_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}={self.value}"


class Reconciliation(models.Model):
    """The answer that counts for a question the two assessors answered differently."""

    double_assessment = models.ForeignKey(
        DoubleAssessment, on_delete=models.CASCADE, related_name="reconciliations"
    )
    question_id = models.CharField(max_length=60)
    value = models.CharField(max_length=20)
    # The first assessor's answer as given: reconciling writes ``value`` over it in the
    # case's assessment, and agreement is measured on what the two assessors said.
    first_value = models.CharField(max_length=20)
    # The evidence of that answer, which reconciling may write the second assessor's over:
    # kept so that the two assessments still read side by side, and so that choosing the
    # first answer again puts its evidence back. A note: the purge empties it.
    first_evidence = models.TextField(blank=True, default="")
    reason = models.TextField()
    reconciled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reconciled_at = models.DateTimeField(auto_now=True)

    class Meta:
        # By id, as Answer's: ordering by the double assessment would join its case.
        ordering = ["double_assessment_id", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["double_assessment", "question_id"], name="reconciled_once_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id} reconciled to {self.value}"
