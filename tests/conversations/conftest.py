"""Fixtures for the conversation tests (the personas live in tests/conftest.py).

`conversation` is the public engagement's conversation with eight published seed statements; `voter()` makes a
participant who has consented, and `client_of(participant)` a browser holding that participant's signed cookie.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Conversation, Statement
from coproduce.engagements.models import Engagement, Participant
from coproduce.engagements.participants import COOKIE_NAME, make_token

SEED_TEXTS = [
    "Appointment letters should say how long I will be at the clinic.",
    "I want to rearrange an appointment by text message.",
    "Reminders a day before would stop me missing appointments.",
    "Parking at the hospital makes me late.",
    "Video appointments are fine for follow-ups.",
    "I would rather see a clinician in person.",
    "Evening clinics would help people who work.",
    "Phone booking must always stay available.",
]


@pytest.fixture(autouse=True)
def _fresh_cache_and_fast_hashing(settings):
    # Rate limits and the analysis debounce live in the local-memory cache, which outlives a test; SQLite reuses
    # primary keys after a rollback, so one test's counters would count against the next one.
    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    cache.clear()


def add_statements(conversation: Conversation, texts: list[str], **fields) -> list[Statement]:
    return [
        Statement.objects.create(conversation=conversation, text=text, **{"origin": Statement.Origin.SEED, **fields})
        for text in texts
    ]


@pytest.fixture
def conversation(world) -> Conversation:
    conversation = conversation_of(world.public)
    add_statements(conversation, SEED_TEXTS)
    return conversation


@pytest.fixture
def voter(world) -> Callable[..., Participant]:
    def make(engagement: Engagement | None = None, **fields) -> Participant:
        return Participant.objects.create(engagement=engagement or world.public, consented_at=timezone.now(), **fields)

    return make


def client_of(*participants: Participant) -> Client:
    """A browser without an account that took part as these participants (the signed cookie the site sets)."""
    c = Client()
    c.cookies[COOKIE_NAME] = make_token([p.public_id for p in participants])
    return c
