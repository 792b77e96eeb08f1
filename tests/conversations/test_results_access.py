"""The results page answers whoever can see the engagement while voting or results are on; before that, managers
only. The live view answers managers, and refreshes itself (htmx polling, a meta refresh without JavaScript)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.conversations.access import conversation_of
from coproduce.conversations.actions import do_cast_vote
from coproduce.conversations.models import Vote
from coproduce.engagements.models import Phase

from .conftest import SEED_TEXTS, add_statements, client_of


def results(browser, slug):
    return browser.get(reverse("conversations:results", args=[slug]))


@pytest.fixture
def voted(world, voter):
    conversation = conversation_of(world.public)
    statements = add_statements(conversation, SEED_TEXTS)
    you = voter()
    for i in range(12):
        person = you if i == 0 else voter()
        for j, statement in enumerate(statements):
            do_cast_vote(person, statement, Vote.AGREE if (i + j) % 2 else Vote.DISAGREE)
    return you


def test_public_results_while_voting_is_open(voted, world, as_user):
    for browser in (Client(), client_of(voted), as_user(world.olly), as_user(world.pat)):
        response = results(browser, "outpatients")
        assert response.status_code == 200
        assert "<svg" in response.content.decode()
    html = results(client_of(voted), "outpatients").content.decode()
    assert "You are here" in html


@pytest.mark.parametrize(
    ("persona", "status"), [("anon", 404), ("olly", 404), ("pat", 200), ("sam", 200), ("fran", 200)]
)
def test_private_results_only_for_its_people(world, as_user, persona, status):
    browser = Client() if persona == "anon" else as_user(getattr(world, persona))
    assert results(browser, "staff-wellbeing").status_code == status


def test_link_results_need_the_link(world):
    browser = Client()
    assert results(browser, "carers-link").status_code == 404
    browser.get(reverse("engagements:join_by_link", args=[world.link.access_key]))
    assert results(browser, "carers-link").status_code == 200


def test_before_voting_or_results_only_managers_see_them(voted, world, as_user):
    Phase.objects.filter(engagement=world.public).update(state=Phase.State.CLOSED)
    response = Client().get(reverse("conversations:results", args=["outpatients"]), follow=True)
    assert "Results will be shown once the common ground phase starts." in response.content.decode()
    assert response.redirect_chain[-1][0] == world.public.get_absolute_url()
    assert results(as_user(world.sam), "outpatients").status_code == 302
    assert results(as_user(world.fran), "outpatients").status_code == 200
    assert results(as_user(world.alice), "outpatients").status_code == 200


def test_results_in_a_results_phase(voted, world):
    today = timezone.localdate()
    Phase.objects.filter(engagement=world.public).update(state=Phase.State.CLOSED)
    Phase.objects.create(
        engagement=world.public,
        kind=Phase.Kind.CODESIGN,
        starts_on=today,
        ends_on=today + dt.timedelta(days=3),
        features=["results", "proposals"],
    )
    assert results(Client(), "outpatients").status_code == 200


def test_live_view_for_managers(voted, world, as_user):
    url = reverse("conversations_staff:live", args=["outpatients"])
    page = as_user(world.fran).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'hx-trigger="every' in html  # polls itself with htmx
    assert 'http-equiv="refresh"' in html  # and without JavaScript
    panel = as_user(world.fran).get(url, HTTP_HX_REQUEST="true")
    assert panel.status_code == 200
    assert "<html" not in panel.content.decode()
    assert "<svg" in panel.content.decode()
    assert as_user(world.sam).get(url).status_code == 403


def test_results_stay_public_once_the_engagement_has_finished(voted, world):
    """A finished engagement keeps its common ground on show: the results phase ended, and nothing is open."""
    today = timezone.localdate()
    world.public.phases.all().delete()
    Phase.objects.create(
        engagement=world.public,
        kind=Phase.Kind.COMMON_GROUND,
        starts_on=today - dt.timedelta(days=60),
        ends_on=today - dt.timedelta(days=30),
        features=["voting", "results"],
    )
    assert results(Client(), "outpatients").status_code == 200
    assert (
        reverse("conversations:results", args=["outpatients"])
        in Client().get(world.public.get_absolute_url()).content.decode()
    )
    Phase.objects.filter(engagement=world.public).update(state=Phase.State.CLOSED)  # staff took it down
    assert results(Client(), "outpatients").status_code == 302
