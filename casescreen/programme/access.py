"""Who may see the programme view: administrators and read-only viewers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext


def require_programme_access(user: Any) -> None:
    """The single checkpoint for the programme pages and downloads."""
    if not getattr(user, "reads_programme", False):
        raise PermissionDenied(
            gettext("Only administrators and read-only viewers can see the programme.")
        )
