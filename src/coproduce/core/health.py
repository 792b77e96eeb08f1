"""The service's health, checked once for both readers: /healthz (JSON, for load balancers) and /status/ (people)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection


@dataclass(frozen=True)
class Health:
    database: bool
    cache: bool

    @property
    def status(self) -> str:
        """ok; degraded (the cache is down: the site works, limits fail open); error (no database: nothing works)."""
        if not self.database:
            return "error"
        return "ok" if self.cache else "degraded"


def check_health() -> Health:
    ping = getattr(cache, "ping", None)  # our Redis backend; the in-process cache cannot be unreachable
    cache_ok = ping is None or bool(ping())
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return Health(database=False, cache=cache_ok)
    return Health(database=True, cache=cache_ok)
