"""YOTs, inspections and their teams."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_lazy, gettext_noop

if TYPE_CHECKING:
    from casescreen.frameworks import Framework


class Yot(models.Model):
    class Nation(models.TextChoices):
        ENGLAND = "england", gettext_lazy("England")
        WALES = "wales", gettext_lazy("Wales")

    name = models.CharField(max_length=200, unique=True)
    local_authority = models.CharField(max_length=200)
    # A YOT in Wales has its names in Welsh too, for its letters and reports in Welsh.
    name_cy = models.CharField("name in Welsh", max_length=200, blank=True)
    local_authority_cy = models.CharField("local authority in Welsh", max_length=200, blank=True)
    nation = models.CharField(max_length=10, choices=Nation.choices)
    region = models.CharField(max_length=100, blank=True)
    board_chair = models.CharField("management board chair", max_length=200, blank=True)
    manager_name = models.CharField("YOT manager", max_length=200, blank=True)
    manager_email = models.EmailField("YOT manager's email", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "YOT"

    def __str__(self) -> str:
        return self.name

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages its announcement letter and report are written in: Welsh beside
        English for a YOT in Wales (Welsh Language Standards), English elsewhere."""
        return ("cy", "en") if self.nation == self.Nation.WALES else ("en",)

    def name_in(self, language: str) -> str:
        """Its name in ``language``: the Welsh one where it has one, else the register's."""
        return (self.name_cy if language == "cy" else "") or self.name

    def local_authority_in(self, language: str) -> str:
        return (self.local_authority_cy if language == "cy" else "") or self.local_authority


class Inspection(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", gettext_lazy("Planned")
        ANNOUNCED = "announced", gettext_lazy("Announced")
        FIELDWORK = "fieldwork", gettext_lazy("Fieldwork")
        DRAFTING = "drafting", gettext_lazy("Drafting")
        QUALITY_ASSURANCE = "quality_assurance", gettext_lazy("Quality assurance")
        FACTUAL_ACCURACY = "factual_accuracy", gettext_lazy("Factual accuracy check")
        PUBLISHED = "published", gettext_lazy("Published")
        CLOSED = "closed", gettext_lazy("Closed")

    # Once the report is published, the inspection's cases are the record behind it.
    RECORDS_FROZEN_STATUSES = (Status.PUBLISHED, Status.CLOSED)
    # In English; ``gettext`` gives it in the reader's language where it is shown.
    RECORDS_FROZEN_MESSAGE = gettext_noop(
        "The report of this inspection is published, so its cases can no longer be changed."
    )

    class Kind(models.TextChoices):
        INSPECTION = "inspection", gettext_lazy("Inspection")
        # A YOT's audit of its own cases: owned by the YOT, seen by its manager and
        # auditors only, with no announcement and no publication (see selfassessment).
        SELF_ASSESSMENT = "self_assessment", gettext_lazy("Self-assessment")

    yot = models.ForeignKey(Yot, on_delete=models.PROTECT, related_name="inspections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INSPECTION)
    reference = models.SlugField(max_length=60, unique=True)
    framework_id = models.CharField(max_length=40)
    framework_version = models.CharField(max_length=20)
    # The framework's words for shares; empty when its findings are percentages.
    vocabulary = models.CharField(max_length=30, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    announced_on = models.DateField(null=True, blank=True)
    # The day the plan says the YOT will be told; ``announced_on`` is the day it was.
    announcement_planned = models.DateField("planned announcement date", null=True, blank=True)
    fieldwork_start = models.DateField()
    fieldwork_end = models.DateField()
    published_on = models.DateField(null=True, blank=True)
    # Reoffending figures quoted in the report summary (binary rates, per cent).
    reoffending_rate = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    reoffending_previous_rate = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True
    )
    reoffending_national_rate = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True
    )
    reoffending_cohort = models.CharField(max_length=60, blank=True)
    reoffending_published = models.CharField(
        "reoffending figures published", max_length=30, blank=True
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TeamMembership", related_name="inspections"
    )
    # A self-assessment its YOT manager shared with an inspection of the same YOT: that
    # inspection's lead inspector sees its findings (never its cases).
    shared_with = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_self_assessments",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fieldwork_start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(shared_with__isnull=True) | models.Q(kind="self_assessment"),
                name="inspection_only_self_assessment_shared",
            ),
            models.CheckConstraint(
                condition=models.Q(fieldwork_end__gte=models.F("fieldwork_start")),
                name="inspection_fieldwork_ends_after_start",
                violation_error_message=gettext_lazy(
                    "Fieldwork must end on or after the day it starts."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def framework_key(self) -> str:
        return f"{self.framework_id}@{self.framework_version}"

    @property
    def is_self_assessment(self) -> bool:
        return self.kind == self.Kind.SELF_ASSESSMENT

    @property
    def records_frozen(self) -> bool:
        """True once the report is published: no case, fact, answer or example may change."""
        return self.status in self.RECORDS_FROZEN_STATUSES

    @property
    def records_frozen_message(self) -> str:
        """Why nothing about its cases may change any more, in the active language."""
        if self.is_self_assessment:
            return gettext(
                "The self-assessment is finished, so its cases can no longer be changed."
            )
        return gettext(self.RECORDS_FROZEN_MESSAGE)

    def framework(self) -> Framework:
        from casescreen.frameworks import get_framework

        return get_framework(self.framework_id, self.framework_version)


class TeamMembership(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", gettext_lazy("Lead inspector")
        INSPECTOR = "inspector", gettext_lazy("Inspector")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "user"], name="team_member_once"),
            models.UniqueConstraint(
                fields=["inspection"], condition=models.Q(role="lead"), name="team_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) on {self.inspection}"


class InspectionTransition(models.Model):
    """One change of an inspection's status: who, when, and why if a rule was set aside."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=Inspection.Status.choices)
    to_status = models.CharField(max_length=20, choices=Inspection.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)
    # The announcement letter exactly as it was sent; the PDF is rendered from it.
    letter_html = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_status=models.F("to_status")),
                name="transition_changes_status",
            )
        ]

    def __str__(self) -> str:
        return f"{self.inspection}: {self.from_status} -> {self.to_status}"


class CopyListContact(models.Model):
    """Someone who receives a copy of the YOT's report (the report's copy list)."""

    yot = models.ForeignKey(Yot, on_delete=models.CASCADE, related_name="copy_list")
    role_title = models.CharField(max_length=200)
    # The role in Welsh, for the Welsh part of a letter to a YOT in Wales.
    role_title_cy = models.CharField(max_length=200, blank=True)
    name = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["yot", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["yot", "role_title"], name="copy_list_role_once")
        ]

    def __str__(self) -> str:
        return f"{self.role_title}: {self.name}"

    def role_title_in(self, language: str) -> str:
        """The role in ``language``: the Welsh title where it has one, else the register's."""
        return (self.role_title_cy if language == "cy" else "") or self.role_title


def copy_list_text(contacts: Iterable[CopyListContact]) -> str:
    """A copy list as one line, as the audit trail records it: "Role (Welsh title): Name"
    pairs separated by semicolons."""
    return "; ".join(
        f"{c.role_title}{f' ({c.role_title_cy})' if c.role_title_cy else ''}: {c.name}"
        for c in contacts
    )


def yots_named(name: str) -> models.QuerySet[Yot]:
    """The register's YOT of this name: names are the register's ignoring case."""
    return Yot.objects.filter(name__iexact=name)
