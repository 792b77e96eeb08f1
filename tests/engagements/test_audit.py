"""Every action function writes its audit event: who, what, which engagement."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.engagements.models import AuditEvent, Membership


def engagement_data(**changes):
    data = {
        "title_en": "Waiting rooms",
        "title_cy": "Ystafelloedd aros",
        "question_en": "What matters about waiting rooms?",
        "question_cy": "Beth sy’n bwysig?",
        "languages": "en+cy",
        "visibility": "public",
    }
    return {**data, **changes}


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-pk").first()


def test_creating_an_engagement_is_audited(world, as_user):
    as_user(world.alice).post(reverse("staff:engagement_create", args=[world.org.slug]), engagement_data())
    event = last_event()
    assert (event.action, event.actor, event.organisation) == ("engagement.created", world.alice, world.org)
    assert event.engagement.title_en == "Waiting rooms"
    assert event.details == {"slug": event.engagement.slug}


def test_changing_details_and_boundaries_is_audited_with_the_fields_changed(world, as_user):
    client = as_user(world.fran)
    client.post(reverse("staff:engagement", args=[world.public.slug]), engagement_data())
    event = last_event()
    assert (event.action, event.actor, event.engagement) == ("engagement.details_changed", world.fran, world.public)
    assert "title_en" in event.details["fields"] and "languages" not in event.details["fields"]

    client.post(reverse("staff:boundaries", args=[world.public.slug]), {"budget_en": "£10,000"})
    event = last_event()
    assert event.action == "engagement.boundaries_changed"
    assert "budget_en" in event.details["fields"]


def test_phase_changes_are_audited(world, as_user):
    client = as_user(world.fran)
    client.post(
        reverse("staff:phases", args=[world.public.slug]),
        {"kind": "decide", "starts_on": "2030-01-01", "ends_on": "2030-01-31", "state": "scheduled"},
    )
    created = last_event()
    assert created.action == "phase.created" and created.details["kind"] == "decide"
    phase_pk = created.details["phase"]
    client.post(
        reverse("staff:phase_edit", args=[world.public.slug, phase_pk]),
        {"kind": "decide", "starts_on": "2030-01-01", "ends_on": "2030-01-31", "state": "open"},
    )
    assert (last_event().action, last_event().details["state"]) == ("phase.changed", "open")
    client.post(reverse("staff:phase_delete", args=[world.public.slug, phase_pk]))
    assert (last_event().action, last_event().details["phase"]) == ("phase.deleted", phase_pk)


def test_perspective_changes_are_audited(world, as_user):
    client = as_user(world.fran)
    client.post(reverse("staff:perspectives", args=[world.public.slug]), {"name_en": "Neighbour"})
    created = last_event()
    assert (created.action, created.actor, created.engagement) == ("perspective.created", world.fran, world.public)
    client.post(reverse("staff:perspective_delete", args=[world.public.slug, created.details["perspective"]]))
    assert last_event().action == "perspective.deleted"


@pytest.mark.parametrize("scope", ["engagement", "organisation"])
def test_member_changes_are_audited(world, as_user, scope):
    client = as_user(world.alice)
    if scope == "engagement":
        add_url = reverse("staff:members", args=[world.public.slug])
        remove = lambda pk: reverse("staff:member_remove", args=[world.public.slug, pk])  # noqa: E731
        engagement = world.public
    else:
        add_url = reverse("staff:organisation_members", args=[world.org.slug])
        remove = lambda pk: reverse("staff:organisation_member_remove", args=[world.org.slug, pk])  # noqa: E731
        engagement = None
    client.post(add_url, {"email": "new@example.org", "role": "mentor"})
    added = last_event()
    membership = Membership.objects.get(user__email="new@example.org")
    assert (added.action, added.engagement, added.details) == (
        "member.added",
        engagement,
        {"user": membership.user_id, "role": "mentor"},
    )
    client.post(remove(membership.pk))
    removed = last_event()
    assert (removed.action, removed.actor, removed.details["user"]) == (
        "member.removed",
        world.alice,
        membership.user_id,
    )


def test_a_refused_or_invalid_change_writes_no_audit_event(world, as_user):
    before = AuditEvent.objects.count()
    as_user(world.sam).post(reverse("staff:engagement", args=[world.public.slug]), engagement_data())
    as_user(world.fran).post(reverse("staff:engagement", args=[world.public.slug]), engagement_data(title_en=""))
    assert AuditEvent.objects.count() == before
