"""What every page needs to know about the signed-in session."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def session_timeout(request: HttpRequest) -> dict[str, Any]:
    """Seconds from a request to the earliest sign-out for inactivity that can follow it
    (the session's renewal interval taken off: ``SessionRenewalMiddleware``), for the
    page's warning before it (``static/js/timeout.js``)."""
    return {
        "session_idle_seconds": max(settings.SESSION_COOKIE_AGE - settings.SESSION_RENEW_SECONDS, 0)
    }
