"""Django's Redis cache, keeping one Redis client per connection pool.

Django's backend builds a new redis.Redis for every cache call. Building one fills its table of reply handlers,
which in redis-py 8 cost more CPU than the call itself (about 0.1 ms of the 0.17 ms a cache.add took, measured with
benchmarks/load.py's setup), and a vote makes one or two cache calls. A client holds nothing but its pool and is
safe to share between threads, so one per pool is kept.

It also outlives Redis going away (issue 13). Rate limits, the analysis debounce and allauth's sign-in limits all
live in the cache, so with Django's backend a Redis outage answered 500 to every write. Here every operation that
cannot reach Redis behaves as a miss or a no-op — failing open: limits let writes through, `add` says it added so
allauth's rate-limit lock is taken at once instead of spinning for a second and then refusing the sign-in. After a
failure the process stops trying Redis for RETRY_AFTER seconds (a blackholed host would otherwise cost every request
a connection timeout), logs one warning a minute at most rather than one a request, and logs again when Redis
answers. `ping()` is for /healthz.
"""

from __future__ import annotations

import functools
import math
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import structlog
from django.core.cache.backends import redis
from redis import exceptions as redis_errors

logger = structlog.get_logger(__name__)

RETRY_AFTER = 5  # seconds without trying Redis after a failure: recovery is noticed within that long
WARN_EVERY = 60  # seconds between two warnings about the same outage

# Redis gone, too slow, or refusing writes (a replica after failover, maxmemory with noeviction): an outage, not a bug.
OUTAGE_ERRORS = (
    redis_errors.ConnectionError,
    redis_errors.TimeoutError,
    redis_errors.ReadOnlyError,
    redis_errors.OutOfMemoryError,
)


class Outage:
    """What one process knows about one Redis location; shared by its threads (each has its own backend)."""

    def __init__(
        self, location: str, *, what: str = "cache", meanwhile: str = "misses and no-ops; rate limits not enforced"
    ):
        self.location, self.what, self.meanwhile = location, what, meanwhile
        self.down_since: float | None = None
        self.retry_at = 0.0
        self.last_warning = -math.inf
        self.unreported = 0
        self._lock = threading.Lock()

    @property
    def down(self) -> bool:
        return self.down_since is not None

    def skipping(self) -> bool:
        return self.down_since is not None and time.monotonic() < self.retry_at

    def failed(self, error: Exception, operation: str) -> None:
        now = time.monotonic()
        with self._lock:
            self.retry_at = now + RETRY_AFTER
            if self.down_since is None:
                self.down_since = now
            if now - self.last_warning < WARN_EVERY:
                self.unreported += 1
                return
            self.last_warning, unreported, self.unreported = now, self.unreported, 0
        logger.warning(
            f"{self.what}_unavailable",
            location=self.location,
            operation=operation,
            error=str(error),
            failures_not_logged=unreported,
            meanwhile=self.meanwhile,
        )

    def answered(self) -> None:
        if self.down_since is None:  # the usual case: no lock taken
            return
        with self._lock:
            if self.down_since is None:
                return
            seconds = time.monotonic() - self.down_since
            self.down_since, self.last_warning, self.unreported = None, -math.inf, 0
        logger.info(f"{self.what}_available_again", location=self.location, down_for_seconds=round(seconds, 1))


OUTAGES: dict[str, Outage] = {}


def outage_of(location: str) -> Outage:
    return OUTAGES.get(location) or OUTAGES.setdefault(location, Outage(without_password(location)))


def without_password(url: str) -> str:
    """The address as logged: REDIS_URL may hold a password (redis://:secret@host), which has no place in logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname
    return urlunsplit(parts._replace(netloc=f"***@{host}" + (f":{parts.port}" if parts.port else "")))


Operation = Callable[..., Any]


def fail_open(fallback: Operation) -> Callable[[Operation], Operation]:
    """Run the operation on Redis; when Redis cannot be reached, answer fallback(*args, **kwargs) instead."""

    def decorator(method: Operation) -> Operation:
        @functools.wraps(method)
        def wrapper(self: RedisCache, *args: Any, **kwargs: Any) -> Any:
            outage = self._outage
            if outage.skipping():
                return fallback(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except OUTAGE_ERRORS as error:
                outage.failed(error, method.__name__)
                return fallback(*args, **kwargs)
            outage.answered()
            return result

        return wrapper

    return decorator


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: str | None = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))  # pools are kept for the life of the backend, so their ids stay theirs
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._outage = outage_of(",".join(self._servers))

    @property
    def available(self) -> bool:
        """False from a failed operation until one succeeds again."""
        return not self._outage.down

    def ping(self) -> bool:
        """Whether Redis answers now (for /healthz): always asks, even while other operations skip Redis."""
        try:
            self._cache.get_client(write=True).ping()
        except OUTAGE_ERRORS as error:
            self._outage.failed(error, "ping")
            return False
        self._outage.answered()
        return True

    # When Redis is down: a read is a miss, a write is dropped, an add succeeds (fail open, see above).
    add = fail_open(lambda key, value, timeout=None, version=None: True)(redis.RedisCache.add)
    get = fail_open(lambda key, default=None, version=None: default)(redis.RedisCache.get)
    set = fail_open(lambda key, value, timeout=None, version=None: None)(redis.RedisCache.set)
    touch = fail_open(lambda key, timeout=None, version=None: False)(redis.RedisCache.touch)
    delete = fail_open(lambda key, version=None: False)(redis.RedisCache.delete)
    get_many = fail_open(lambda keys, version=None: {})(redis.RedisCache.get_many)
    has_key = fail_open(lambda key, version=None: False)(redis.RedisCache.has_key)
    incr = fail_open(lambda key, delta=1, version=None: delta)(redis.RedisCache.incr)
    set_many = fail_open(lambda data, timeout=None, version=None: [])(redis.RedisCache.set_many)
    delete_many = fail_open(lambda keys, version=None: None)(redis.RedisCache.delete_many)
    clear = fail_open(lambda: False)(redis.RedisCache.clear)

    @fail_open(lambda key, timeout: 0)  # not counted: the write is allowed
    def count(self, key: str, timeout: int) -> int:
        """Add one to a counter that expires `timeout` seconds after its last use, in one round trip.

        Django's add-then-incr takes three (incr first checks that the key exists), on every rate-limited write.
        """
        key = self.make_and_validate_key(key)
        pipeline = self._cache.get_client(key, write=True).pipeline(transaction=True)
        pipeline.incr(key)
        pipeline.expire(key, timeout)
        count, _expiry_set = pipeline.execute()
        return count
