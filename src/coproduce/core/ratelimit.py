"""A small cache-backed rate limit for writes: a fixed window per (scope, client). The one limiter of the platform.

`hit` counts; `check` refuses with RateLimited; `limit_writes` is `check` as a view decorator that answers the
refusal with the 429 page. The API counts with the same `check` (api/ratelimit.py chooses its key) and answers
RateLimited with its JSON 429 (api/errors.py). With the cache down, counting fails open (core/cache.py).
"""

from __future__ import annotations

import functools
import ipaddress
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_address(request: HttpRequest) -> str:
    """The client's IP address, for every rate limit (ours, the API's and allauth's, through our account adapter).

    Behind TRUSTED_PROXY_COUNT proxies, REMOTE_ADDR is the nearest proxy's address. Each proxy appends the address
    it was reached from to X-Forwarded-For, so the client's is the TRUSTED_PROXY_COUNT-th entry from the right;
    anything left of it was written by the client itself and can be anything, so it is never read.
    """
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        # Not through every proxy (or none): REMOTE_ADDR at least cannot be forged.
        return remote
    entry = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(entry))
    except ValueError:
        return remote  # not an address: a proxy that writes something else (a port, "unknown") is misconfigured


#: Functions that name the browser behind a request from a signed token it holds, or return None. Apps add theirs at
#: ready() (engagements: the participant cookie), so that core imports no app.
browser_keys: list[Callable[[HttpRequest], str | None]] = []


def client_key(request: HttpRequest) -> str:
    """Who is writing: the account, else the browser's signed participant token, else the IP address.

    Many participants of a workshop share one IP address (the venue's Wi-Fi), so a browser that already takes
    part is limited on its own; tokens cannot be forged, and new ones come only from the IP-limited joining page.
    """
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    for browser_key in browser_keys:
        browser = browser_key(request)
        if browser:
            return f"browser:{browser}"
    return f"ip:{client_address(request)}"


def hit(scope: str, key: str, *, limit: int, window: int) -> int:
    """Count one write; return 0 if allowed, else the seconds to wait."""
    if not settings.RATELIMIT_ENABLED:
        return 0
    now = int(time.time())
    start = now - now % window
    cache_key = f"ratelimit:{scope}:{key}:{start}"
    if hasattr(cache, "count"):  # our Redis backend (coproduce/core/cache.py): one round trip
        count = cache.count(cache_key, timeout=window + 1)
    else:  # the local-memory cache of development and tests
        cache.add(cache_key, 0, timeout=window + 1)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=window + 1)
            count = 1
    return 0 if count <= limit else start + window - now


class RateLimited(Exception):
    """A write refused by `check`: `wait` is the seconds until the window ends (the answer's Retry-After)."""

    def __init__(self, wait: int):
        super().__init__(f"rate limited for {wait} s")
        self.wait = wait


def check(scope: str, key: str, *, limit: int, window: int = 60) -> None:
    """Count one write of `key` in `scope`; raise RateLimited once more than `limit` came in this window."""
    wait = hit(scope, key, limit=limit, window=window)
    if wait:
        raise RateLimited(wait)


View = Callable[..., HttpResponse]


def limit_writes(scope: str, *, limit: int = 30, window: int = 60) -> Callable[[View], View]:
    """Limit POSTs to a view to `limit` per `window` seconds per writer (see client_key)."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                try:
                    check(scope, client_key(request), limit=limit, window=window)
                except RateLimited as refused:
                    return too_many_requests(request, refused.wait)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def too_many_requests(request: HttpRequest, wait: int) -> HttpResponse:
    """The pages' answer to a refused write: the 429 page, with Retry-After."""
    response = render(
        request, "core/too_many_requests.html", {"wait": wait, "page_title": _("Too many requests")}, status=429
    )
    response["Retry-After"] = str(wait)
    return response
