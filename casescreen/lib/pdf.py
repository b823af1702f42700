"""Every PDF the application writes goes through ``html_to_pdf``.

WeasyPrint's own URL fetcher opens whatever a document names: ``file:`` paths
(``/etc/passwd``, ``/proc/self/environ`` with the settings' secrets), ``http:``
addresses inside the server's network, and it embeds ``<a rel="attachment">``
targets in the PDF. The HTML rendered here can hold text that came from outside
(an imported inspection, a report paragraph), so the fetcher below serves only
the application's own static files and ``data:`` URLs, and refuses anything else.

``data:`` is allowed because it carries its bytes inside the document itself:
decoding it reads no file and opens no connection (the report's annex charts
are SVG ``data:`` images). Anything such an image names in turn comes back
through this same fetcher.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative references such as ``/static/reports/report.css`` resolve against this
# origin, which names no real host: the fetcher answers it from the static files.
BASE_URL = "https://casescreen.invalid/"


class RefusedURL(ValueError):
    """A PDF named a resource outside the application's static files."""


class StaticFilesFetcher(URLFetcher):
    """Serves ``data:`` URLs and the application's static files; refuses everything else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.lower().startswith("data:"):
            return super().fetch(url, headers)
        static_prefix = BASE_URL + settings.STATIC_URL.lstrip("/")
        if url.startswith(static_prefix):
            name = url.removeprefix(static_prefix).split("?")[0].split("#")[0]
            # The finders refuse paths that climb out of the static folders ("../").
            path = finders.find(name) if name and ".." not in name.split("/") else None
            if isinstance(path, str):
                with open(path, "rb") as handle:
                    body = handle.read()
                mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body, {"Content-Type": mime})
        raise RefusedURL(f"only the application's static files may be used in a PDF: {url}")


def html_to_pdf(html: str, **options: Any) -> bytes:
    """The PDF of ``html``; ``options`` go to WeasyPrint's ``write_pdf``."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher())
    result = document.write_pdf(**options)
    assert result is not None  # without a target WeasyPrint returns the bytes
    return result
