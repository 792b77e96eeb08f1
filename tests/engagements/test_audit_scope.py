"""Audit events belong to an organisation or to the platform (a network scope comes with the community app)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from coproduce.engagements.actions import audit
from coproduce.engagements.models import AuditEvent


def test_an_organisation_event_has_the_organisation_scope(world):
    audit(world.alice, world.org, "test.happened", world.public, count=2)
    event = AuditEvent.objects.latest("pk")
    assert (event.scope, event.organisation, event.engagement, event.details) == (
        "organisation",
        world.org,
        world.public,
        {"count": 2},
    )


def test_an_event_with_no_organisation_is_a_platform_event(world):
    audit(world.alice, None, "platform.happened", count=1)
    event = AuditEvent.objects.latest("pk")
    assert (event.scope, event.organisation, event.engagement, event.actor) == ("platform", None, None, world.alice)
    # Organisation admins' pages read their organisation's events: a platform event is in none of them.
    assert not world.org.audit_events.filter(pk=event.pk).exists()


def test_an_engagement_event_needs_its_organisation(world):
    with pytest.raises(ValueError):
        audit(world.alice, None, "test.happened", world.public)
    assert not AuditEvent.objects.filter(action="test.happened").exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"scope": "organisation", "organisation": None},
        {"scope": "platform", "organisation": "org"},
        {"scope": "network", "organisation": None},
    ],
)
def test_the_database_keeps_scope_and_keys_in_step(world, fields):
    fields = {**fields, "organisation": world.org if fields["organisation"] == "org" else None}
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.create(action="test.bad", **fields)
