"""Link-only engagements: invisible without the link, open to whoever holds it (for the browser session)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from coproduce.engagements.models import Participant
from coproduce.engagements.participants import COOKIE_NAME, make_token


def test_the_link_opens_the_engagement_for_this_browser_session(world, client):
    assert client.get(world.link.get_absolute_url()).status_code == 404
    response = client.get(world.link.get_join_url())
    assert response.status_code == 302
    assert response["Location"] == world.link.get_absolute_url()
    assert client.get(world.link.get_absolute_url()).status_code == 200
    assert client.get(reverse("engagements:take_part", args=[world.link.slug])).status_code == 200
    # Another browser still needs the link.
    assert Client().get(world.link.get_absolute_url()).status_code == 404


def test_the_link_gives_no_access_to_the_staff_area(world, as_user):
    client = as_user(world.pat)
    client.get(world.link.get_join_url())
    assert client.get(world.link.get_absolute_url()).status_code == 200
    assert client.get(reverse("staff:engagement", args=[world.link.slug])).status_code == 403


def test_a_link_only_engagement_is_not_listed_on_the_home_page(world, client):
    client.get(world.link.get_join_url())
    home = client.get(reverse("core:home")).content.decode()
    assert world.public.title_en in home
    assert world.link.title_en not in home
    assert world.private.title_en not in home


def test_a_wrong_or_private_key_finds_nothing(world, client):
    assert client.get(reverse("engagements:join_by_link", args=["not-a-key"])).status_code == 404
    # A private engagement has a key too, but its link opens nothing.
    assert client.get(reverse("engagements:join_by_link", args=[world.private.access_key])).status_code == 404
    assert client.get(world.private.get_absolute_url()).status_code == 404


def test_people_who_took_part_through_the_link_come_back_without_it(world):
    participant = Participant.objects.create(engagement=world.link)
    client = Client()  # a new session: the link is forgotten, the participant cookie is not
    client.cookies[COOKIE_NAME] = make_token([participant.public_id])
    assert client.get(world.link.get_absolute_url()).status_code == 200


def test_turning_a_link_only_engagement_private_closes_the_link(world, client):
    client.get(world.link.get_join_url())
    world.link.visibility = "private"
    world.link.save()
    assert client.get(world.link.get_absolute_url()).status_code == 404
