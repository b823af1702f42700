"""A page sent after its sender was signed out is kept until they sign in again.

A page of answers, a report section being written, a practice example: when the session
has ended before it is sent (30 minutes without a request), the sign-in requirement
answers with the sign-in page, and without this what was typed would be lost. For a
view marked with :func:`keeps_post_across_sign_in`, the middleware keeps what was sent
in the new, anonymous session, which signing in carries over; the page, opened again
after signing in, shows it as sent and unsaved (:func:`form_data`, with the banner of
``includes/kept_post_banner.html``). Only to the person who sent it: the form carries a
signed note of who opened it (``{% sender_field %}``), and anybody else signing in at
that browser gets the page as saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict

KEY = "_kept_post"
SENDER_FIELD = "sender"
_SALT = "casescreen.accounts.kept_post"

View = TypeVar("View", bound=Callable[..., HttpResponse])


def keeps_post_across_sign_in(view: View) -> View:
    view.keeps_post_across_sign_in = True  # type: ignore[attr-defined]
    return view


def sender_token(user: Any) -> str:
    """The value of the form's ``sender`` field: who opened the page, signed."""
    return signing.dumps(user.pk, salt=_SALT)


def _sender(post: QueryDict) -> Any:
    """The pk of who opened the page the post was sent from; None if not signed by us."""
    try:
        return signing.loads(post.get(SENDER_FIELD, ""), salt=_SALT)
    except signing.BadSignature:
        return None


class SignInRequiredMiddleware(LoginRequiredMiddleware):
    """Django's sign-in requirement, keeping a marked view's post on the way to sign-in."""

    def handle_no_permission(self, request: HttpRequest, view_func: Any) -> HttpResponseRedirect:
        # Only a page someone opened signed in: nobody else could be shown it, and it would
        # let anyone store what they like in a session of the site.
        if (
            request.method == "POST"
            and getattr(view_func, "keeps_post_across_sign_in", False)
            and _sender(request.POST) is not None
        ):
            request.session[KEY] = {
                # The query too: it can choose what the page shows (a report in Welsh).
                "path": request.get_full_path(),
                "post": {
                    name: request.POST.getlist(name)
                    for name in request.POST
                    if name != "csrfmiddlewaretoken"
                },
            }
        return super().handle_no_permission(request, view_func)


def form_data(request: HttpRequest) -> QueryDict | None:
    """What a marked view's form is bound to: what was posted; on a GET, what this person
    sent to the page before signing in again (shown, never saved unseen); else None."""
    if request.method == "POST":
        return request.POST
    return take_kept_post(request)


def take_kept_post(request: HttpRequest) -> QueryDict | None:
    """What the signed-in user sent to this page before signing in again, once; None when
    nothing was kept for this page or someone else sent it. When there is, the page's
    banner says so (``request.kept_post_shown``)."""
    kept = request.session.get(KEY)
    if not kept or kept["path"] != request.get_full_path():
        return None
    del request.session[KEY]
    post = QueryDict(mutable=True)
    for name, values in kept["post"].items():
        post.setlist(name, values)
    if _sender(post) != request.user.pk:
        return None
    request.kept_post_shown = True  # type: ignore[attr-defined]
    return post
