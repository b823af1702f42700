"""Who may manage published reoffending figures: administrators only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def require_figures_administrator(user: Any) -> None:
    if getattr(user, "role", None) != "administrator":
        raise PermissionDenied(_("Only administrators can import reoffending figures."))
