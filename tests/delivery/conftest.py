"""Fixtures for delivery (the personas live in tests/conftest.py, co-design in tests/proposals/conftest.py).

`delivery` builds, on each engagement of "glas": the co-design phase of tests/proposals, a review phase with actions
and feedback, a participant ("author", perspective Patient) who wrote a statement, a proposal citing it, a
decision taking the proposal up, and a planned action delivering the decision. Helpers: `participant(engagement)`,
`browser(participant)`, `action(engagement, **fields)`; and, to import, `subscribe(participant, …)` (subscribed to
the engagement's updates and confirmed) and `subscription_of(participant)`.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Statement
from coproduce.delivery.actions import do_create_action
from coproduce.delivery.notify import topic_of
from coproduce.engagements.models import Feature, Phase
from coproduce.notifications import actions as notify
from coproduce.notifications.models import Subscription
from coproduce.notifications.topics import Subscriber
from coproduce.proposals.access import Author
from coproduce.proposals.actions import do_record_decision, do_write_proposal
from tests.proposals.conftest import codesign  # noqa: F401  (a fixture this one builds on)

REVIEW_FEATURES = [Feature.ACTIONS, Feature.FEEDBACK]


def open_review(engagement) -> Phase:
    today = timezone.localdate()
    return Phase.objects.create(
        engagement=engagement,
        kind=Phase.Kind.REVIEW,
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=10),
        features=[str(f) for f in REVIEW_FEATURES],
    )


@pytest.fixture
def delivery(codesign):  # noqa: F811
    world = codesign.world
    things = {}
    for engagement in (world.public, world.link, world.private, world.other_private):
        open_review(engagement)
        author = codesign.participant(engagement, perspective=engagement.perspectives.first())
        statement = Statement.objects.create(
            conversation=conversation_of(engagement), author=author, text=f"{engagement.slug}: I never get a reminder"
        )
        proposal = do_write_proposal(
            engagement,
            Author(user=world.fran),
            title="Text reminders",
            summary="A text two days before.",
            body="",
            statements=[statement],
        )
        decision = do_record_decision(
            world.fran,
            engagement,
            title="We will send text reminders",
            decided_by="The outpatients board",
            decided_on=timezone.localdate(),
            reasons="People agreed.",
            not_done="",
            proposals=[proposal],
        )
        action = do_create_action(
            world.fran,
            decision,
            title="Send a text two days before",
            description="",
            owner="Outpatients booking team",
            target_date=None,
        )
        things[engagement.slug] = SimpleNamespace(
            author=author, statement=statement, proposal=proposal, decision=decision, action=action
        )

    def action(engagement=None, **fields):
        engagement = engagement or world.public
        defaults = {"title": "Another action", "description": "", "owner": "Booking team", "target_date": None}
        return do_create_action(world.fran, things[engagement.slug].decision, **{**defaults, **fields})

    return SimpleNamespace(
        world=world,
        codesign=codesign,
        things=things,
        participant=codesign.participant,
        browser=codesign.browser,
        action=action,
    )


def subscribe(participant, email="author@example.org", language="en", frequency="immediate", *, confirm=True):
    """Subscribe a participant to their engagement's updates, as the page does, and (unless told not to) confirm
    it as the link in the confirmation email does."""
    subscription = notify.do_subscribe(
        topic_of(participant.engagement),
        Subscriber.participant(participant.pk),
        email=email,
        language=language,
        frequency=frequency,
    )
    if confirm:
        notify.do_confirm(subscription.pk, subscription.email)
        subscription.refresh_from_db()
    return subscription


def subscription_of(participant):
    return Subscription.objects.get(subscriber=Subscriber.participant(participant.pk).key)
