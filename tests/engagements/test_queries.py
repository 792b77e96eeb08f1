"""No N+1: the pages that list engagements cost the same number of queries for 2 engagements as for 12."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.engagements.models import Engagement, Membership, Phase, Role
from tests.conftest import make_engagement


def add_engagements(world, prefix: str, n: int) -> None:
    for i in range(n):
        engagement = make_engagement(world.org, f"{prefix}-{i}", Engagement.Visibility.PUBLIC)
        today = timezone.localdate()
        Phase.objects.create(
            engagement=engagement, kind=Phase.Kind.COMMON_GROUND, starts_on=today, ends_on=today + dt.timedelta(days=1)
        )
        Membership.objects.create(user=world.fran, organisation=world.org, engagement=engagement, role=Role.FACILITATOR)


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [("anonymous", "core:home"), ("fran", "core:home"), ("fran", "staff:dashboard"), ("alice", "staff:dashboard")],
)
def test_listing_pages_do_not_query_per_engagement(world, client, persona, url_name, django_assert_max_num_queries):
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    url = reverse(url_name)
    add_engagements(world, "first", 2)
    client.get(url)  # warm up: the session, the content types
    few = queries_for(client, url)
    add_engagements(world, "more", 10)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert "Engagement more-9" in response.content.decode()  # the new ones are really listed


def test_the_engagement_page_does_not_query_per_phase_or_perspective(world, client, django_assert_max_num_queries):
    url = world.public.get_absolute_url()
    client.get(url)
    few = queries_for(client, url)
    today = timezone.localdate()
    for kind in list(Phase.Kind)[1:]:
        Phase.objects.create(engagement=world.public, kind=kind, starts_on=today, ends_on=today)
    for n in range(8):
        world.public.perspectives.create(name_en=f"Perspective {n}")
    with django_assert_max_num_queries(few):
        response = client.get(url)
    # The same page, with the new rows on it: an error page or a redirect would cost few queries too.
    assert response.status_code == 200
    html = response.content.decode()
    assert "Perspective 7" in html
    for kind in list(Phase.Kind)[1:]:
        assert str(kind.label) in html, kind
