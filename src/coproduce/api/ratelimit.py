"""Rate limits of the API's writes: the pages' limiter (core.ratelimit.check) with the API's writer key.

A refusal raises core.ratelimit.RateLimited, which api/errors.py answers with the API's JSON 429 and Retry-After.
"""

from __future__ import annotations

from django.http import HttpRequest

from coproduce.api.auth import caller
from coproduce.core.ratelimit import check, client_address, client_key


def writer_key(request: HttpRequest) -> str:
    c = caller(request)
    if c.kind == "api_key":
        return f"apikey:{c.api_key.pk}"
    if c.kind == "anonymous":  # client_key would fall back to the IP address too; said here for clarity
        return f"ip:{client_address(request)}"
    return client_key(request)


def limit(request: HttpRequest, scope: str, per_minute: int) -> None:
    check(scope, writer_key(request), limit=per_minute, window=60)
