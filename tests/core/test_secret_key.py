"""Issue 13: in production the site refuses to start with a weak SECRET_KEY (short, repetitive, Django's generated
"django-insecure-" default, our development key or a well-known placeholder), and says why."""

from __future__ import annotations

import secrets

import pytest

from tests.core.test_settings import run_coproduce

GOOD = secrets.token_urlsafe(50)

WEAK = {
    "short": "Zq81-a-random-looking-but-short-key-7Hk2",
    "repetitive": "ab" * 40,
    "one character": "x" * 64,
    "django-insecure": "django-insecure-" + secrets.token_urlsafe(50),
    "development key": "insecure-development-key-never-use-in-production",
    "changeme": "changeme",
    "secret": "secret",
    "placeholder, long": "please-change-me-" * 4,
}


@pytest.mark.parametrize("key", WEAK.values(), ids=WEAK.keys())
def test_production_refuses_a_weak_secret_key(key):
    result = run_coproduce("check", DEBUG="false", SECRET_KEY=key, ALLOWED_HOSTS="coproduce.example.org")
    assert result.returncode != 0, f"started with SECRET_KEY={key!r}"
    assert "SECRET_KEY is too weak" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    # The message never repeats the key itself: it may be a real one, and logs are read by many. (A short
    # placeholder such as "secret" may appear among the message's own words.)
    if len(key) > 10:
        assert key not in result.stderr


def test_production_starts_with_a_strong_secret_key():
    result = run_coproduce("check", DEBUG="false", SECRET_KEY=GOOD, ALLOWED_HOSTS="coproduce.example.org")
    assert result.returncode == 0, result.stderr


def test_development_accepts_a_weak_key():
    # A laptop may use anything: nothing it signs is trusted elsewhere.
    result = run_coproduce("check", DEBUG="true", SECRET_KEY="changeme")
    assert result.returncode == 0, result.stderr
