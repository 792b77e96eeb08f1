"""The demo's journeys: a team's round with an invitation by email, the network's own round and actions board, and
the board's own framework; loaded by `coproduce demo`, and nothing added the second time."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from coproduce.delivery.models import Action
from coproduce.journeys.models import Framework, Invitee, Round


@pytest.mark.django_db
def test_the_demo_shows_team_and_network_rounds_once(demo_loaded):
    def counts():
        return (
            Round.objects.exclude(team_en="").exclude(team_en__isnull=True).count(),
            Round.objects.filter(network__isnull=False, status="closed").count(),
            Action.objects.filter(network__isnull=False).count(),
            Framework.objects.filter(organisation__isnull=False).count(),
            Invitee.objects.count(),
        )

    before = counts()
    assert before == (1, 2, 1, 1, 1)  # the network's two rounds: its journey view shows a journey
    network_action = Action.objects.get(network__isnull=False)
    assert network_action.title_cy and network_action.owner_cy  # Welsh throughout
    call_command("demo")
    assert counts() == before
