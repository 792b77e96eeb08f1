"""A Redis outage must not break writes (issue 13): with REDIS_URL set and nothing listening there, signing in,
taking part, voting (pages and API) still work and store what they should; rate limits fail open with a warning
in the logs, logged once rather than per request; /healthz says the cache is unavailable."""

from __future__ import annotations

import logging
import time
import uuid
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Statement, Vote
from coproduce.core import ratelimit
from coproduce.engagements.models import Participant
from coproduce.engagements.participants import make_token
from tests.conftest import PASSWORD

# Port 1 on loopback: nothing listens there, so every connection is refused at once.
DOWN = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings, world, monkeypatch):
    # What each process knows of an outage outlives a test: start from "never failed", so the warning is logged.
    monkeypatch.setattr("coproduce.core.cache.OUTAGES", {})
    # Django rebuilds the cache from changed settings (and again when the test ends).
    settings.CACHES = {"default": {"BACKEND": "coproduce.core.cache.RedisCache", "LOCATION": DOWN}}
    settings.RATELIMIT_ENABLED = True
    statements = [
        Statement.objects.create(conversation=conversation_of(world.public), text=f"Statement {n}") for n in range(3)
    ]
    world.statements = statements
    return world


def test_signing_in_works_with_redis_down(redis_down):
    from allauth.account.models import EmailAddress

    # Signing in by password needs a verified address (ACCOUNT_EMAIL_VERIFICATION is mandatory).
    EmailAddress.objects.create(user=redis_down.fran, email=redis_down.fran.email, verified=True, primary=True)
    client = Client()
    response = client.post(reverse("account_login"), {"login": redis_down.fran.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(redis_down.fran.pk)


def test_taking_part_and_voting_work_with_redis_down(redis_down):
    browser = Client()
    before = Participant.objects.count()
    response = browser.post(reverse("engagements:take_part", args=[redis_down.public.slug]), {"consent": "on"})
    assert response.status_code == 302
    assert Participant.objects.count() == before + 1
    participant = Participant.objects.latest("pk")
    for statement in redis_down.statements:
        response = browser.post(
            reverse("conversations:vote", args=[redis_down.public.slug]), {"statement": statement.pk, "value": "1"}
        )
        assert response.status_code == 302
    assert Vote.objects.filter(participant=participant).count() == len(redis_down.statements)


def test_voting_through_the_api_works_with_redis_down(redis_down):
    participant = Participant.objects.create(engagement=redis_down.public)
    participant.consented_at = participant.created_at
    participant.save()
    statement = redis_down.statements[0]
    response = Client().post(
        f"/api/v1/engagements/{redis_down.public.slug}/votes",
        {"statement": statement.pk, "value": -1},
        content_type="application/json",
        HTTP_X_PARTICIPANT_TOKEN=make_token([participant.public_id]),
    )
    assert response.status_code == 200, response.content
    assert Vote.objects.get(participant=participant, statement=statement).value == -1


def test_rate_limits_fail_open_with_one_warning(redis_down, caplog):
    caplog.set_level(logging.WARNING)
    assert [ratelimit.hit("test", "someone", limit=1, window=60) for _ in range(50)] == [0] * 50
    warnings = [r for r in caplog.records if "cache" in r.getMessage().lower() and r.levelno == logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in caplog.records]


def test_the_cache_answers_as_a_miss_with_redis_down(redis_down):
    assert cache.get("anything") is None
    assert cache.get("anything", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    cache.set("x", 1)
    cache.delete("x")
    assert cache.add("lock", 1) is True  # fail open: allauth's rate-limit lock must not spin until it gives up


def test_healthz_reports_the_cache_unavailable_but_keeps_serving(redis_down):
    response = Client().get("/healthz")
    # Every process shares the one Redis: taking them all out of the load balancer would turn a degraded
    # service into no service at all.
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_operations_use_redis_again_once_it_answers(monkeypatch, caplog):
    """After a failure the process leaves Redis alone for RETRY_AFTER seconds, then uses it again, and says so."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    from coproduce.core import cache as cache_module
    from coproduce.core.cache import RedisCache

    monkeypatch.setattr(cache_module, "OUTAGES", {})
    caplog.set_level(logging.INFO)
    backend = RedisCache("redis://127.0.0.1:6379/14", {"KEY_PREFIX": uuid.uuid4().hex})  # the real Redis
    client = backend._cache.get_client(write=True)
    with mock.patch.object(type(client), "set", side_effect=RedisConnectionError("gone")):
        backend.set("key", 1)
    assert backend.available is False
    backend.set("key", 2)  # within RETRY_AFTER: not even tried
    assert backend.get("key") is None
    backend._outage.retry_at = time.monotonic()  # RETRY_AFTER seconds later
    backend.set("key", 4)
    assert backend.get("key") == 4
    assert backend.available is True
    assert backend.ping() is True
    events = [r.getMessage() for r in caplog.records if r.name == "coproduce.core.cache"]
    assert len(events) == 2 and "cache_unavailable" in events[0] and "cache_available_again" in events[1], events


def test_a_password_in_redis_url_never_reaches_the_logs(monkeypatch, caplog):
    monkeypatch.setattr("coproduce.core.cache.OUTAGES", {})
    caplog.set_level(logging.WARNING)
    from coproduce.core.cache import RedisCache

    assert RedisCache("redis://:s3cret@127.0.0.1:1/0", {}).get("key", "miss") == "miss"
    assert caplog.records and not any("s3cret" in r.getMessage() for r in caplog.records)
