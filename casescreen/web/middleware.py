"""Headers that depend on who is asking."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreForSignedInMiddleware:
    """Nothing a signed-in user is shown is kept by a browser or a proxy.

    Case pages, reports and downloads name children who offended; on a shared computer
    the browser's cache or its back button would show them to the next person. Static
    files are answered by whitenoise before this runs, so they stay cacheable. Listed
    after ``AuthenticationMiddleware``, which tells who is signed in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
