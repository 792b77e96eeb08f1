"""Our Redis cache backend (coproduce/core/cache.py) keeps one client per pool and behaves as Django's does."""

from __future__ import annotations

import threading
import uuid

from coproduce.core.cache import RedisCache

URL = "redis://127.0.0.1:6379/14"  # the real Redis: a failure to reach it is a failure, not a skip


def test_one_client_per_pool_and_the_cache_still_works():
    cache = RedisCache(URL, {"KEY_PREFIX": uuid.uuid4().hex})  # keys of their own: tests run in parallel
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=False)
    assert cache.add("due", 1, timeout=5) is True
    assert cache.add("due", 2, timeout=5) is False  # the debounce of the analysis relies on this
    assert cache.get("due") == 1
    cache.set("counter", 0, timeout=5)
    assert cache.incr("counter") == 1


def test_the_shared_client_serves_threads_at_once():
    cache = RedisCache(URL, {"KEY_PREFIX": uuid.uuid4().hex})
    errors = []

    def work(n):
        try:
            for i in range(50):
                cache.set(f"{n}-{i}", i, timeout=5)
                assert cache.get(f"{n}-{i}") == i
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_a_rate_limit_counter_counts_and_expires():
    cache = RedisCache(URL, {"KEY_PREFIX": uuid.uuid4().hex})
    assert [cache.count("writes", timeout=2) for _ in range(3)] == [1, 2, 3]
    client = cache._cache.get_client(write=True)
    ttl = client.ttl(cache.make_and_validate_key("writes"))
    assert 0 < ttl <= 2  # it expires: a counter left without one would limit its writer for ever


def test_the_rate_limit_counts_on_redis(settings):
    """hit() through our Redis backend, as in production: allowed up to the limit, then the wait."""
    from coproduce.core import ratelimit

    # Django rebuilds the cache from changed settings (and again when the test ends).
    settings.CACHES = {
        "default": {"BACKEND": "coproduce.core.cache.RedisCache", "LOCATION": URL, "KEY_PREFIX": uuid.uuid4().hex}
    }
    settings.RATELIMIT_ENABLED = True
    assert [ratelimit.hit("test", "someone", limit=3, window=60) for _ in range(3)] == [0, 0, 0]
    assert ratelimit.hit("test", "someone", limit=3, window=60) > 0
    assert ratelimit.hit("test", "someone-else", limit=3, window=60) == 0
