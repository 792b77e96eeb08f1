"""Fixtures for co-design and prioritisation (the personas live in tests/conftest.py).

`codesign` opens a phase with every co-design, prioritisation and decision feature on each engagement of "glas",
gives each a conversation with three published statements, and returns a namespace with helpers:
`participant(engagement)` (consented), `browser(participant)` (a test client holding its cookie),
`proposal(engagement, status=...)`.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Statement
from coproduce.engagements.models import Feature, Participant, Phase
from coproduce.engagements.participants import COOKIE_NAME, make_token
from coproduce.proposals.access import Author
from coproduce.proposals.actions import do_write_proposal
from coproduce.proposals.models import Proposal

FEATURES = [Feature.PROPOSALS, Feature.COMMENTS, Feature.EXPERT_INPUT, Feature.PRIORITISATION, Feature.DECISIONS]


def open_codesign(engagement) -> Phase:
    today = timezone.localdate()
    return Phase.objects.create(
        engagement=engagement,
        kind=Phase.Kind.CODESIGN,
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=10),
        features=[str(f) for f in FEATURES],
    )


@pytest.fixture
def codesign(world):
    statements = {}
    phases = {}
    for engagement in (world.public, world.link, world.private, world.other_private):
        phases[engagement.slug] = open_codesign(engagement)
        conversation = conversation_of(engagement)
        statements[engagement.slug] = [
            Statement.objects.create(
                conversation=conversation, text=f"{engagement.slug}: statement {n}", origin=Statement.Origin.SEED
            )
            for n in range(3)
        ]

    def participant(engagement=None, **fields) -> Participant:
        return Participant.objects.create(engagement=engagement or world.public, consented_at=timezone.now(), **fields)

    def browser(someone: Participant) -> Client:
        client = Client()
        client.cookies[COOKIE_NAME] = make_token([someone.public_id])
        return client

    def proposal(engagement=None, status=Proposal.Status.OPEN, title="Text reminders", author=None) -> Proposal:
        engagement = engagement or world.public
        return do_write_proposal(
            engagement,
            author or Author(user=world.fran),
            title=title,
            summary=f"{title}: the summary.",
            body="Some *words*.",
            statements=statements[engagement.slug][:1],
            status=status,
        )

    return SimpleNamespace(
        world=world, statements=statements, phases=phases, participant=participant, browser=browser, proposal=proposal
    )


def close_phase(phase: Phase) -> None:
    phase.state = Phase.State.CLOSED
    phase.save(update_fields=["state"])
