"""Rate limits of the API's writes: the same counters as the pages (core.ratelimit), answered with 429 JSON."""

from __future__ import annotations

from django.http import HttpRequest

from coproduce.api.auth import caller
from coproduce.api.errors import ApiError
from coproduce.core.ratelimit import client_address, client_key, hit


def writer_key(request: HttpRequest) -> str:
    c = caller(request)
    if c.kind == "api_key":
        return f"apikey:{c.api_key.pk}"
    if c.kind == "anonymous":  # client_key would fall back to the IP address too; said here for clarity
        return f"ip:{client_address(request)}"
    return client_key(request)


def limit(request: HttpRequest, scope: str, per_minute: int) -> None:
    wait = hit(scope, writer_key(request), limit=per_minute, window=60)
    if wait:
        from django.utils.translation import gettext as _

        raise ApiError(429, "too_many_requests", _("Too many requests. Wait %(seconds)d seconds, then try again.") % {"seconds": wait},
                       headers={"Retry-After": str(wait)})
