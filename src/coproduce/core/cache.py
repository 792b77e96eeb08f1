"""Django's Redis cache, keeping one Redis client per connection pool.

Django's backend builds a new redis.Redis for every cache call. Building one fills its table of reply handlers,
which in redis-py 8 cost more CPU than the call itself (about 0.1 ms of the 0.17 ms a cache.add took, measured with
benchmarks/load.py's setup), and a vote makes one or two cache calls. A client holds nothing but its pool and is
safe to share between threads, so one per pool is kept.
"""

from __future__ import annotations

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))  # pools are kept for the life of the backend, so their ids stay theirs
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

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
