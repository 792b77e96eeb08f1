"""Rounds of a network and of a team (issue 18): a round with no engagement puts its next steps on the
organisation's, or the network's, own actions board; the network's board is its coordinators'."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.delivery import actions as delivery
from coproduce.delivery.models import Action
from coproduce.engagements.models import AuditEvent
from coproduce.journeys import actions, frameworkjson
from coproduce.journeys.models import Round
from coproduce.networks.actions import do_create_network
from tests.journeys.conftest import answer


@pytest.fixture
def network(world):
    return do_create_network(world.alice, {"en": "Valleys network", "cy": "Rhwydwaith y cymoedd"})


def test_a_networks_next_step_goes_on_the_networks_own_board(world, coproduction, network, as_user):
    round_ = actions.do_start_round(world.alice, None, coproduction, title="Network spring", network=network)
    for level in (2, 3, 4):
        answer(round_, "partners", {"strengths": level})
    actions.do_close_round(world.alice, round_)
    step = actions.do_add_next_step(world.alice, round_, title="Share what works", owner="Coordinators")
    action = Action.objects.get(pk=step.action_id)
    assert (action.network_id, action.organisation_id, action.engagement_id) == (network.pk, None, None)
    # Its events are the network's, read by its coordinators, not an organisation's or the platform's.
    assert set(AuditEvent.objects.filter(network=network).values_list("action", flat=True)) >= {
        "journeys.round_started",
        "journeys.answered",
        "journeys.round_closed",
        "journeys.next_step_added",
        "action.created",
    }
    delivery.do_set_action_status(world.alice, action, Action.Status.IN_PROGRESS)
    assert AuditEvent.objects.filter(network=network, action="action.status_changed").exists()
    page = as_user(world.alice).get(reverse("journeys_staff:network_own_actions", args=[network.slug]))
    assert page.status_code == 200
    assert "Share what works" in page.content.decode()
    assert reverse("journeys_staff:results", args=[round_.pk]) in page.content.decode()  # linked to its round
    assert Client().get(reverse("journeys_staff:network_own_actions", args=[network.slug])).status_code == 302
    results = as_user(world.alice).get(reverse("journeys_staff:results", args=[round_.pk]))
    assert "the network’s own actions" in results.content.decode()


def test_a_networks_round_is_never_published_and_has_no_engagement(world, coproduction, network):
    round_ = actions.do_start_round(world.alice, None, coproduction, title="N", network=network)
    actions.do_close_round(world.alice, round_)
    with pytest.raises(actions.JourneyError):
        actions.do_publish_round(world.alice, round_, True)
    assert not Round.objects.get(pk=round_.pk).published
    with pytest.raises(actions.JourneyError):
        actions.do_start_round(world.alice, None, coproduction, title="N", network=network, engagement=world.public)
    with pytest.raises(actions.JourneyError):
        actions.do_start_round(world.alice, world.org, coproduction, title="N", network=network)
    with pytest.raises(actions.JourneyError):
        actions.do_start_round(world.alice, None, coproduction, title="N")


def test_the_network_page_links_its_journeys_for_coordinators_only(world, network, as_user):
    url = reverse("networks:detail", args=[network.slug])
    link = reverse("journeys_staff:network_home", args=[network.slug])
    assert link in as_user(world.alice).get(url).content.decode()
    assert link not in as_user(world.fran).get(url).content.decode()


def test_a_team_round_from_the_form_and_its_next_steps_on_the_organisations_board(world, coproduction, as_user):
    client = as_user(world.alice)
    response = client.post(
        reverse("journeys_staff:round_new", args=[world.org.slug]),
        {
            "title_en": "Team spring",
            "framework": coproduction.pk,
            "team_en": "Adult social care, north",
            "team_cy": "Gofal cymdeithasol oedolion, y gogledd",
        },
    )
    round_ = Round.objects.get(title_en="Team spring")
    assert response.status_code == 302
    assert (round_.team_en, round_.team_cy, round_.engagement_id) == (
        "Adult social care, north",
        "Gofal cymdeithasol oedolion, y gogledd",
        None,
    )
    assert "Adult social care, north" in client.get(reverse("journeys_staff:round", args=[round_.pk])).content.decode()
    actions.do_close_round(world.alice, round_)
    step = actions.do_add_next_step(world.alice, round_, title="Ask carers first", owner="Team lead")
    assert Action.objects.get(pk=step.action_id).organisation_id == world.org.pk
    board = client.get(reverse("journeys_staff:own_actions", args=[world.org.slug])).content.decode()
    assert "Ask carers first" in board


def test_a_round_for_an_engagement_and_a_team_at_once_is_refused(world, coproduction, as_user):
    before = Round.objects.count()
    response = as_user(world.alice).post(
        reverse("journeys_staff:round_new", args=[world.org.slug]),
        {"title_en": "Both", "framework": coproduction.pk, "team_en": "A team", "engagement": world.public.pk},
    )
    assert response.status_code == 400
    assert "Choose an engagement or a team, not both" in response.content.decode()
    assert Round.objects.count() == before


def _network_journey(network, framework) -> str:
    return reverse("journeys_staff:network_journey", args=[network.slug, framework.slug])


def test_the_networks_journey_is_its_coordinators_only(world, coproduction, network, as_user):
    from coproduce.networks import actions as networks

    # glas is a member of the network: fran (glas's staff) still does not coordinate it.
    member = networks.do_add_organisation(world.alice, network, world.org, requested=False)
    networks.do_answer(world.alice, member, True)
    for title in ("Network spring", "Network autumn"):
        round_ = actions.do_start_round(world.alice, None, coproduction, title=title, network=network)
        for level in (2, 3, 4):
            answer(round_, "partners", {"strengths": level})
        actions.do_close_round(world.alice, round_)
    url = _network_journey(network, coproduction)
    page = as_user(world.alice).get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Network spring" in body and "Network autumn" in body and "<svg" in body
    assert url in as_user(world.alice).get(reverse("journeys_staff:network_home", args=[network.slug])).content.decode()
    assert url in as_user(world.alice).get(reverse("journeys_staff:results", args=[round_.pk])).content.decode()
    assert as_user(world.fran).get(url).status_code == 403
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))
    # An organisation's own framework is not the network's: no journey of it.
    ours = actions.do_import_framework(
        world.alice,
        world.org,
        frameworkjson.parse(
            '{"format": "coproduce-framework/1", "slug": "ours", "name": {"en": "Ours", "cy": "Ein un ni"},'
            ' "levels": ["Start", "Middle", "Far"], "dimensions": [{"key": "listening", "name": "Listening"}]}'
        ),
    )
    assert as_user(world.alice).get(_network_journey(network, ours)).status_code == 404


def test_a_suppressed_cell_stays_suppressed_in_the_networks_journey(world, coproduction, network, as_user):
    from coproduce.journeys.journey import journey

    round_ = actions.do_start_round(world.alice, None, coproduction, title="Network spring", network=network)
    answer(round_, "staff", {"strengths": 4, "networks": 5})
    answer(round_, "people", {"strengths": 4, "networks": 5})
    answer(round_, "partners", {"strengths": 4})
    actions.do_close_round(world.alice, round_)
    figures = dict((d.key, values) for d, values in journey(network, coproduction).by_dimension())
    assert figures["strengths"] == [4] and figures["networks"] == [None]  # two answers: held back
    body = as_user(world.alice).get(_network_journey(network, coproduction)).content.decode()
    name = coproduction.dimensions.get(key="networks").name_en
    row = body.split(f'scope="row">2. {name}</th>', 1)[1].split("</tr>", 1)[0]
    assert "Too few answers to show" in row and "5" not in row
