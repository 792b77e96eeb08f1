"""Listening fixtures on top of the shared personas (tests/conftest.py): a conversation sam held in the public
engagement with pat (a participant with an account), who agreed to share anonymised themes, and its challenges."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coproduce.engagements.models import Participant
from coproduce.listening.models import Challenge, ListeningConversation, Theme

NOTES = "Pat told me about missed letters and the long wait on the phone. CONFIDENTIAL-NOTE-TEXT"


def make_conversation(engagement, author, **fields) -> ListeningConversation:
    data = {
        "held_on": timezone.localdate() - dt.timedelta(days=1),
        "prompt": "What matters to you?",
        "notes": NOTES,
        "sharing": ListeningConversation.Sharing.THEMES,
        "person_name": "Pat Jones",
        "team": "Ward 3",
    }
    data.update(fields)
    return ListeningConversation.objects.create(engagement=engagement, author=author, **data)


def make_challenge(conversation, text: str, *themes: Theme, **fields) -> Challenge:
    challenge = Challenge.objects.create(
        conversation=conversation, engagement=conversation.engagement, text=text, anonymised_at=timezone.now(), **fields
    )
    challenge.themes.set(themes)
    return challenge


@pytest.fixture
def listening(world):
    """world + a conversation of sam's with pat in each engagement of "glas", each with one challenge."""
    pat_public = Participant.objects.get(engagement=world.public, user=world.pat)
    world.pat_participant = pat_public
    world.conversations = {}
    world.challenges = {}
    world.themes = {}
    for name, engagement in (("public", world.public), ("link", world.link), ("private", world.private)):
        theme = Theme.objects.create(engagement=engagement, name="Letters")
        conversation = make_conversation(
            engagement,
            world.sam,
            participant=pat_public if name == "public" else None,
            perspective=engagement.perspectives.first(),
        )
        world.themes[name] = theme
        world.conversations[name] = conversation
        world.challenges[name] = make_challenge(
            conversation, "Appointment letters arrive after the appointment.", theme, raised_to_mentor=True
        )
    return world
