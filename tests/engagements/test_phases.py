"""Phases: which are current (by their dates, or opened/closed by hand), running in parallel, looping back,
and the features they switch on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.engagements.models import Engagement, Feature, Phase

TODAY = dt.date(2030, 6, 15)


def phase(engagement, kind, start_offset, end_offset, state=Phase.State.SCHEDULED, features=None) -> Phase:
    return Phase.objects.create(
        engagement=engagement,
        kind=kind,
        starts_on=TODAY + dt.timedelta(days=start_offset),
        ends_on=TODAY + dt.timedelta(days=end_offset),
        state=state,
        features=[str(f) for f in (features if features is not None else Phase.DEFAULT_FEATURES[kind])],
    )


@pytest.fixture
def engagement(world) -> Engagement:
    world.public.phases.all().delete()
    return world.public


@pytest.mark.parametrize(
    ("start", "end", "current"),
    [(-10, -1, False), (-10, 0, True), (0, 0, True), (0, 10, True), (1, 10, False)],
)
def test_a_scheduled_phase_is_current_between_its_dates_inclusive(engagement, start, end, current):
    p = phase(engagement, Phase.Kind.LISTEN, start, end)
    assert p.is_current(TODAY) is current
    assert (p in engagement.current_phases(TODAY)) is current


def test_an_open_phase_is_current_whatever_its_dates(engagement):
    p = phase(engagement, Phase.Kind.LISTEN, -60, -30, state=Phase.State.OPEN)
    assert p.is_current(TODAY)


def test_a_closed_phase_is_not_current_even_within_its_dates(engagement):
    p = phase(engagement, Phase.Kind.LISTEN, -5, 5, state=Phase.State.CLOSED)
    assert not p.is_current(TODAY)
    assert engagement.enabled_features(TODAY) == frozenset()


def test_two_phases_can_run_at_once(engagement):
    listen = phase(engagement, Phase.Kind.LISTEN, -10, 10)
    common = phase(engagement, Phase.Kind.COMMON_GROUND, -2, 20)
    assert engagement.current_phases(TODAY) == [listen, common]


def test_looping_back_reopens_an_earlier_phase_beside_the_current_one(engagement):
    listen = phase(engagement, Phase.Kind.LISTEN, -40, -20)
    codesign = phase(engagement, Phase.Kind.CODESIGN, -5, 20)
    assert engagement.current_phases(TODAY) == [codesign]
    assert Feature.STATEMENTS not in engagement.enabled_features(TODAY)

    listen.state = Phase.State.OPEN  # the facilitator loops back to listen again
    listen.save()
    engagement = Engagement.objects.prefetch_related("phases").get(pk=engagement.pk)
    assert engagement.current_phases(TODAY) == [listen, codesign]
    assert {Feature.STATEMENTS, Feature.PROPOSALS} <= engagement.enabled_features(TODAY)


def test_features_come_from_the_current_phases_only(engagement):
    phase(engagement, Phase.Kind.LISTEN, -30, -1)
    phase(engagement, Phase.Kind.DECIDE, 0, 10)
    phase(engagement, Phase.Kind.REVIEW, 11, 30)
    assert engagement.enabled_features(TODAY) == frozenset({Feature.DECISIONS})
    assert engagement.feature_enabled(Feature.DECISIONS, TODAY)
    assert not engagement.feature_enabled(Feature.VOTING, TODAY)
    assert not engagement.feature_enabled(Feature.FEEDBACK, TODAY)


def test_a_phase_can_switch_on_features_other_than_its_defaults(engagement):
    phase(engagement, Phase.Kind.DECIDE, -1, 1, features=[Feature.DECISIONS, Feature.FEEDBACK])
    assert engagement.enabled_features(TODAY) == frozenset({Feature.DECISIONS, Feature.FEEDBACK})


def test_a_phase_saved_with_no_features_ticked_gets_the_usual_ones(world, as_user):
    client = as_user(world.fran)
    response = client.post(
        reverse("staff:phases", args=[world.public.slug]),
        {"kind": "prioritise", "starts_on": "2030-01-01", "ends_on": "2030-01-31", "state": "scheduled"},
    )
    assert response.status_code == 302
    saved = world.public.phases.get(kind=Phase.Kind.PRIORITISE)
    assert saved.features == [Feature.PRIORITISATION]


def test_taking_part_is_closed_when_no_current_phase_switches_it_on(engagement, client):
    today = timezone.localdate()
    Phase.objects.create(
        engagement=engagement, kind=Phase.Kind.DECIDE, starts_on=today, ends_on=today, features=[Feature.DECISIONS]
    )
    page = client.get(engagement.get_absolute_url()).content.decode()
    assert "not open for taking part" in page
    assert reverse("engagements:take_part", args=[engagement.slug]) not in page

    before = engagement.participants.count()
    response = client.post(reverse("engagements:take_part", args=[engagement.slug]), {"consent": "on"})
    assert response.status_code == 302
    assert response["Location"] == engagement.get_absolute_url()
    assert engagement.participants.count() == before


def test_the_engagement_page_shows_every_current_phase(engagement, client):
    today = timezone.localdate()
    for kind in (Phase.Kind.LISTEN, Phase.Kind.COMMON_GROUND):
        Phase.objects.create(engagement=engagement, kind=kind, starts_on=today, ends_on=today)
    Phase.objects.create(
        engagement=engagement, kind=Phase.Kind.DELIVER, starts_on=today, ends_on=today, state=Phase.State.CLOSED
    )
    page = client.get(engagement.get_absolute_url()).content.decode()
    happening = page.split("Happening now:")[1].split("</p>")[0]
    assert "Listen" in happening and "Common ground" in happening
    assert "Deliver" not in happening
