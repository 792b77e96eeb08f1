"""The journeys pages make the same number of queries with one round (or answer, or engagement) as with many."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.engagements.models import Engagement
from coproduce.journeys import actions
from tests.journeys.conftest import answer


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def closed_round(world, framework, n: int):
    round_ = actions.do_start_round(world.alice, world.org, framework, title=f"Round {n}")
    for level in range(n + 2):
        answer(round_, "staff", {"strengths": 1 + level % 5, "networks": 3}, comment=f"Comment {level}")
    actions.do_close_round(world.alice, round_)
    return round_


def test_the_journey_and_results_pages_stay_flat(world, coproduction, as_user):
    client = as_user(world.alice)
    journey = reverse("journeys_staff:journey", args=["glas", "co-production"])
    first = closed_round(world, coproduction, 1)
    one_round, one_result = count(client, journey), count(client, reverse("journeys_staff:results", args=[first.pk]))
    closed_round(world, coproduction, 2)
    last = closed_round(world, coproduction, 6)
    actions.do_add_next_step(world.alice, last, title="A step", owner="Us")
    actions.do_add_next_step(world.alice, first, title="Another", owner="Us")
    assert count(client, journey) == one_round
    # + the steps' query, and the learning app's section (the paths the steps point to, the paths to choose from).
    assert count(client, reverse("journeys_staff:results", args=[last.pk])) <= one_result + 3


def test_the_programme_page_stays_flat(world, coproduction, as_user):
    client = as_user(world.alice)
    url = reverse("journeys_staff:programme", args=["glas"])
    before = count(client, url)
    for n in range(3):
        Engagement.objects.create(organisation=world.org, slug=f"more-{n}", title_en=f"More {n}", question_en="Why?")
    closed_round(world, coproduction, 1)
    assert count(client, url) == before
