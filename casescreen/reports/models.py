"""The inspection report: its working draft, frozen versions, comments and recorded overrides."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The languages a report is written in: English always, and Welsh beside it for a YOT
# in Wales (``inspections.models.Yot.languages``).
from casescreen.frameworks.texts import ENGLISH, WELSH, Language


def _in(language: str, english: object, welsh: object) -> object:
    if language == ENGLISH:
        return english
    if language == WELSH and welsh is not None:
        return welsh
    raise ValueError(f"the report is not written in {language!r}")


class Report(models.Model):
    """One report per inspection. ``content`` is the working draft (see compose.py)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        QUALITY_ASSURANCE = "quality_assurance", _("Quality assurance")
        FACTUAL_ACCURACY = "factual_accuracy", _("Factual accuracy check")
        PUBLISHED = "published", _("Published")

    inspection = models.OneToOneField(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="report"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    content = models.JSONField()
    # The Welsh draft beside the English one (``content``); None for a report in English only.
    content_cy = models.JSONField(null=True, blank=True)
    # Optimistic concurrency: every save of the draft increments it.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Report of {self.inspection}"

    @property
    def languages(self) -> tuple[str, ...]:
        return (ENGLISH, WELSH) if self.content_cy is not None else (ENGLISH,)

    def content_in(self, language: str) -> dict[str, Any]:
        """The draft in ``language``; ValueError for a language it is not written in."""
        return cast(dict[str, Any], _in(language, self.content, self.content_cy))


class ReportVersion(models.Model):
    """A numbered, frozen copy of the content. Published versions also freeze their data."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    data = models.JSONField()
    # The Welsh document and the data it was built from (its texts in Welsh), for a report
    # in both languages.
    content_cy = models.JSONField(null=True, blank=True)
    data_cy = models.JSONField(null=True, blank=True)
    content_hash = models.CharField(max_length=64)
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_number"),
            models.CheckConstraint(
                condition=models.Q(published=False) | models.Q(published_at__isnull=False),
                name="report_version_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} version {self.number}"

    @property
    def languages(self) -> tuple[str, ...]:
        return (ENGLISH, WELSH) if self.content_cy is not None else (ENGLISH,)

    def content_in(self, language: str) -> dict[str, Any]:
        return cast(dict[str, Any], _in(language, self.content, self.content_cy))

    def data_in(self, language: str) -> dict[str, Any]:
        return cast(dict[str, Any], _in(language, self.data, self.data_cy))


class Comment(models.Model):
    """A factual accuracy comment on one paragraph, or a reply to one. Never deleted."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="comments")
    paragraph_key = models.CharField(max_length=100)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment on {self.paragraph_key}"


class ConsistencyOverride(models.Model):
    """The lead inspector's reason for publishing despite one consistency problem."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="overrides")
    problem_key = models.CharField(max_length=200)
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "problem_key"], name="override_once")
        ]

    def __str__(self) -> str:
        return f"Override of {self.problem_key}"


class PublishedFile(models.Model):
    """One file of a published version, written once at publication: the record itself.

    Downloads of the version serve these bytes; ``sha256`` and ``size`` are of the bytes
    as stored, so a file changed or lost since can be told apart from the record.
    """

    class Kind(models.TextChoices):
        HTML = "html", "HTML"
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"

    Language = Language

    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    language = models.CharField(max_length=2, choices=Language.choices, default=ENGLISH)
    # The alias in settings.STORAGES and the name the storage gave the file.
    storage = models.CharField(max_length=40)
    name = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "language", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "kind", "language"], name="published_file_once"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["html", "pdf", "docx"]),
                name="published_file_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=[ENGLISH, WELSH]),
                name="published_file_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.kind}, {self.language})"
