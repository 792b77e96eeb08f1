"""List endpoints cost a fixed number of queries, however many items they return (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.conversations.actions import do_cast_vote, do_write_statement
from coproduce.conversations.models import Statement
from coproduce.engagements.models import Engagement, Organisation
from coproduce.engagements.participants import make_token
from tests.conftest import make_engagement


def queries(client, url: str, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


def grow(world) -> None:
    """Ten times more of everything the lists show."""
    for n in range(10):
        Organisation.objects.create(slug=f"org-{n}", name_en=f"Organisation {n}")
        make_engagement(world.org, f"more-{n}", Engagement.Visibility.PUBLIC)
    conversation = world.public.conversation
    for n in range(30):
        statement = do_write_statement(
            conversation, f"Another statement number {n}", author=None, origin=Statement.Origin.SEED
        )
        do_cast_vote(world.public_people[0], statement, 1)


@pytest.mark.parametrize(
    "url", ["/api/v1/organisations", "/api/v1/engagements", "/api/v1/engagements/outpatients/statements"]
)
@pytest.mark.parametrize("who", ["anonymous", "key", "session"])
def test_list_queries_do_not_grow_with_the_list(api_world, client, url, who):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_world.read_secret}"} if who == "key" else {}
    if who == "session":
        client.force_login(api_world.fran)
    client.get(url, **headers)  # warm any per-process caches (content types, sessions)
    small = queries(client, url, **headers)
    grow(api_world)
    large = queries(client, url, **headers)
    assert large == small, (small, large)
    assert small <= 8


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/engagements/outpatients/exports/open-data.zip",
        "/api/v1/engagements/outpatients/analysis",
        "/api/v1/engagements/outpatients/votes",
    ],
)
def test_exports_and_analysis_cost_the_same_queries_for_more_data(api_world, client, url):
    headers = {"HTTP_X_PARTICIPANT_TOKEN": make_token([api_world.public_people[0].public_id])}
    client.get(url, **headers)  # computes the analysis snapshot if it is stale
    small = queries(client, url, **headers)
    grow(api_world)
    client.get(url, **headers)
    large = queries(client, url, **headers)
    assert large == small, (small, large)
