"""Fixtures for the translation tests: the public engagement's conversation (tests/conversations/conftest.py) and
tina, its translator."""

from __future__ import annotations

import pytest

from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Statement
from coproduce.engagements.models import Membership, Role
from tests.api.conftest import api_world  # noqa: F401 - API keys and a small conversation in each engagement
from tests.conversations.conftest import (
    SEED_TEXTS,
    add_statements,
    voter,  # noqa: F401 - a consented participant, as in the conversation tests
)

WELSH = "Mae’r bws olaf o’r ysbyty yn gadael yn rhy gynnar i gleifion y clinig prynhawn."
WELSH_IN_ENGLISH = "The last bus from the hospital leaves too early for patients at the afternoon clinic."
ENGLISH = SEED_TEXTS[0]
ENGLISH_IN_WELSH = "Dylai llythyrau apwyntiad ddweud pa mor hir y byddaf yn y clinig."


@pytest.fixture
def tina(world, django_user_model):
    user = django_user_model.objects.create_user("tina@example.org", "a-long-test-password", display_name="Tina")
    Membership.objects.create(user=user, organisation=world.org, engagement=world.public, role=Role.TRANSLATOR)
    return user


@pytest.fixture
def statements(world):
    """An English seed statement and a Welsh participant statement, published, in the public engagement."""
    conversation = conversation_of(world.public)
    (english,) = add_statements(conversation, [ENGLISH])
    (welsh,) = add_statements(conversation, [WELSH], language="cy", origin=Statement.Origin.PARTICIPANT)
    return english, welsh
