"""Fixtures for the engagement tests (the personas live in tests/conftest.py)."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits_and_fast_hashing(settings):
    # The rate limit counts writes in the cache per account or IP address; the local-memory cache outlives a test,
    # and SQLite reuses primary keys after a rollback, so one test's writes would count against the next one.
    cache.clear()
    # The personas' passwords are hashed when the world is built; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    cache.clear()
