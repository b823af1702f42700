"""Assessments of sampled cases: answers, evidence and practice examples."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from casescreen.frameworks.texts import Language


class Assessment(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", gettext_lazy("Not started")
        IN_PROGRESS = "in_progress", gettext_lazy("In progress")
        COMPLETED = "completed", gettext_lazy("Completed")

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="assessment")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    case_manager_present = models.BooleanField(default=False)
    # Set when an inspector has checked the case facts with the case manager.
    facts_confirmed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    # The framework version the answers were given against.
    framework_id = models.CharField(max_length=40)
    framework_version = models.CharField(max_length=20)
    version = models.PositiveIntegerField(default=1)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Why the lead inspector last reopened it: free text about the case, purged with it.
    reopen_reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case__reference"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"Assessment of {self.case}"


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=60)
    value = models.CharField(max_length=20, blank=True)
    evidence = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # By the assessment's id: ordering by the assessment itself would join its case to
        # every query of these rows, only to sort them by case reference.
        ordering = ["assessment_id", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question_id"], name="answer_once_per_question"
            )
        ]
        indexes = [models.Index(fields=["question_id", "value"])]

    def __str__(self) -> str:
        return f"{self.question_id}={self.value}"


class PracticeExample(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="practice_examples"
    )
    paragraph = models.CharField(max_length=10)
    text = models.TextField()
    pseudonym = models.CharField("changed first name", max_length=60, blank=True)
    # The language the quote is written in: a report in the other language marks it so.
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paragraph", "id"]

    def __str__(self) -> str:
        return f"Practice example for {self.paragraph}"
