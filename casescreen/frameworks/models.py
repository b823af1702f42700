"""Question sets uploaded by an administrator, beside the files shipped with the product.

A stored version holds the YAML text it was validated from (a workbook is converted to
YAML first) and that text's checksum. A draft may be replaced or discarded; a published
version is never changed: only ``casescreen.authoring.services`` writes these rows, and it
refuses any change to a published one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StoredFramework(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    framework_id = models.CharField(max_length=60)
    version = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    text = models.TextField()
    checksum = models.CharField(max_length=64)
    # The name of the file it was uploaded as (a workbook's, when converted).
    source_name = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["framework_id", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework_id", "version"], name="stored_framework_one_per_key"
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft", published_at__isnull=True)
                | models.Q(status="published", published_at__isnull=False),
                name="stored_framework_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.get_status_display()})"

    @property
    def key(self) -> str:
        return f"{self.framework_id}@{self.version}"

    @property
    def published(self) -> bool:
        return self.status == self.Status.PUBLISHED
