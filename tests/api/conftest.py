"""API personas: on top of tests/conftest.py's world, API keys and a small conversation in each engagement."""

from __future__ import annotations

import pytest
from django.test import Client

from coproduce.api.models import ApiKey
from coproduce.conversations.actions import do_cast_vote, do_moderate_statement, do_write_statement
from coproduce.conversations.models import Conversation, Statement
from coproduce.engagements.models import Participant


def seed_conversation(engagement, *, voters: int = 6, prefix: str = ""):
    """Three published statements and one hidden one; `voters` consenting participants who voted on them."""
    conversation, _ = Conversation.objects.get_or_create(engagement=engagement)
    statements = [
        do_write_statement(
            conversation, f"{prefix}Statement {n} about {engagement.slug}", author=None, origin=Statement.Origin.SEED
        )
        for n in range(4)
    ]
    perspectives = list(engagement.perspectives.all())
    people = []
    for i in range(voters):
        participant = Participant.objects.create(
            engagement=engagement, perspective=perspectives[0] if i < 5 else perspectives[1]
        )
        participant.consented_at = participant.created_at
        participant.save()
        people.append(participant)
        for j, statement in enumerate(statements):
            do_cast_vote(participant, statement, [1, -1, 0][(i + j) % 3])
    hidden = statements[-1]
    do_moderate_statement(None, hidden, "hide", "personal_information")
    return conversation, statements, people


@pytest.fixture
def api_world(world):
    world.read_key, world.read_secret = ApiKey.new(world.org, "Research", ApiKey.Scope.READ, world.alice)
    world.write_key, world.write_secret = ApiKey.new(world.org, "Kiosk", ApiKey.Scope.WRITE, world.alice)
    world.other_key, world.other_secret = ApiKey.new(world.other_org, "Other", ApiKey.Scope.WRITE, world.olly)
    for name in ("public", "private", "link", "other_private"):
        conversation, statements, people = seed_conversation(getattr(world, name))
        setattr(world, f"{name}_statements", statements)
        setattr(world, f"{name}_people", people)
    return world


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def api_client() -> Client:
    return Client()
