"""Error pages in the service's own look, with no detail that could leak data."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext as _


def _render(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    template = loader.get_template("web/error.html")
    context = {"title": title, "message": message, "status": status}
    return HttpResponse(template.render(context, request), status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    detail = str(exception) if exception and str(exception) else ""
    return _render(
        request, 400, _("The request could not be used"), detail or _("Go back and try again.")
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    detail = str(exception) if exception and str(exception) else ""
    return _render(
        request, 403, _("You cannot do this"), detail or _("Your role does not allow it.")
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by its security check: most often a page opened before its person
    signed in again (in another tab, after a sign-out for inactivity), whose token is
    then out of date. Django's own page says nothing a user can act on."""
    return _render(
        request,
        403,
        _("Your form could not be sent"),
        _(
            "The page was opened before you last signed in, or was open for too long. "
            "Go back, reload the page and send the form again."
        ),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(
        request, 404, _("Page not found"), _("If you typed the web address, check it is correct.")
    )


def server_error(request: HttpRequest) -> HttpResponse:
    template = loader.get_template("web/error.html")
    context = {
        "title": _("Sorry, there is a problem with the service"),
        "message": _("Nothing you saved before this page was lost. Try again later."),
        "status": 500,
    }
    return HttpResponse(template.render(context), status=500)
