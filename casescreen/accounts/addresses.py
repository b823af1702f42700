"""Who a sign-in attempt comes from, as the sign-in locks hold it: the address, as far as
it can be trusted, and the user name."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT`` proxies the
    address the outermost of them received the request from.

    Each proxy appends the address it was connected from to ``X-Forwarded-For``, so with
    n proxies the client's address is the n-th from the right. Anything further left was
    written by the client itself and proves nothing; without proxies the header is only
    ever the client's word and is ignored. Sign-in lockouts are keyed on this address, so
    a client that could choose it could lock others out or escape its own lock.
    """
    remote = request.META.get("REMOTE_ADDR")
    count: int = settings.TRUSTED_PROXY_COUNT
    if count == 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < count:
        return remote  # not through the configured proxies (a health check, say)
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The user name a sign-in lock holds, ignoring case as sign-in does: otherwise each
    way of casing a name would have failures of its own to spend."""
    name = (credentials or {}).get("username") if credentials else request.POST.get("username")
    return name.casefold() if isinstance(name, str) else None
