"""Pages that belong to no single noun: the start page, the health check and the
language switch."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from casescreen.web.selectors import inspection_list_for_user


def home(request: HttpRequest) -> HttpResponse:
    inspections = inspection_list_for_user(request.user)
    return render(request, "web/home.html", {"inspections": inspections})


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_not_required
@never_cache
def choose_language(request: HttpRequest, code: str) -> HttpResponse:
    """The language switch at the top of every page: remembers the language in the language
    cookie and goes back to the page it was chosen on (``next``), or to the start page (the
    sign-in page, signed out) when ``next`` is missing or leads off this site. A plain link
    (GET), so that it works signed out and without JavaScript; it changes nothing but the
    reader's own preference."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("home" if request.user.is_authenticated else "login")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # str in the stubs
    )
    return response
