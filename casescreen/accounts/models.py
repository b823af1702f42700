"""People: one custom user model, with the person's standing role."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

# The roles of people who work for a YOT, each belonging to one.
YOT_ROLES = ("yot_manager", "yot_auditor")


class CaseInsensitiveUserManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        """The person signing in as ``username``, however its letters are cased: names are
        unique ignoring case when they are made, and people do not remember the case.

        An exact match comes first, so two older names differing only in case each still
        sign in as themselves, and such a name typed in another case signs in as nobody.
        """
        try:
            return self.get(username=username)
        except self.model.DoesNotExist:
            matches = list(self.filter(username__iexact=username)[:2])
            if len(matches) != 1:
                raise
            return matches[0]


class User(AbstractUser):
    class Role(models.TextChoices):
        INSPECTOR = "inspector", _("Inspector")
        YOT_MANAGER = "yot_manager", _("YOT manager")
        VIEWER = "viewer", _("Read-only viewer")
        ADMINISTRATOR = "administrator", _("Administrator")
        # Audits their own YOT's cases in its self-assessments; sees nothing else.
        YOT_AUDITOR = "yot_auditor", _("YOT auditor")

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.INSPECTOR)
    # A YOT manager or auditor belongs to exactly one YOT; nobody else belongs to one.
    yot = models.ForeignKey(
        "inspections.Yot",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managers",
    )
    # Given in the announcement letter, with the email address, when the person leads.
    phone = models.CharField("telephone", max_length=40, blank=True)

    objects: ClassVar[CaseInsensitiveUserManager] = CaseInsensitiveUserManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(role__in=YOT_ROLES, yot__isnull=False))
                | (~models.Q(role__in=YOT_ROLES) & models.Q(yot__isnull=True)),
                name="user_yot_only_for_yot_staff",
                violation_error_message=_(
                    "A YOT manager or YOT auditor must have a YOT, and nobody else can have one."
                ),
            )
        ]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_yot_staff(self) -> bool:
        return self.role in YOT_ROLES

    @property
    def is_administrator(self) -> bool:
        return self.role == self.Role.ADMINISTRATOR

    @property
    def reads_programme(self) -> bool:
        """The programme across inspections is for administrators and read-only viewers."""
        return self.role in (self.Role.ADMINISTRATOR, self.Role.VIEWER)
