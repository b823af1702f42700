"""Sessions that end after inactivity, without writing the session row on every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

RENEWED_AT = "_renewed_at"


class SessionRenewalMiddleware:
    """Renew a session's inactivity expiry at most once every ``SESSION_RENEW_SECONDS``.

    Django's ``SESSION_SAVE_EVERY_REQUEST`` writes the session row on every request,
    one UPDATE per answer save. Marking the session modified only when the last
    renewal is older than the interval keeps the rule (a session ends
    ``SESSION_COOKIE_AGE`` seconds after the last activity) to within the interval:
    the sign-out can come up to ``SESSION_RENEW_SECONDS`` earlier than that.

    Only requests that used the session count as activity: every request that
    carries the session cookie does (the sign-in check reads the session before it
    looks at the view), static files do not. Listed after
    ``SessionMiddleware`` so that it marks the session before the session is saved.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        if session.accessed and not session.is_empty():
            now = int(time.time())
            last = int(session.get(RENEWED_AT, 0))
            # A session saved anyway gets a new expiry anyway: note it as renewed.
            if session.modified or now - last >= settings.SESSION_RENEW_SECONDS:
                session[RENEWED_AT] = now  # modified, so SessionMiddleware saves it
        return response


def stamp_renewal_on_sign_in(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """Signing in saves a fresh session: count that as its first renewal (``user_logged_in``)."""
    if request is not None and hasattr(request, "session"):
        request.session[RENEWED_AT] = int(time.time())
