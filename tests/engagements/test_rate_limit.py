"""Writes are rate limited per account (or per IP address without one): 429 with Retry-After, nothing saved."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from coproduce.engagements.models import Participant, Perspective


def test_too_many_writes_get_429_with_retry_after_and_save_nothing(world, as_user):
    client = as_user(world.fran)
    url = reverse("staff:perspectives", args=[world.public.slug])
    statuses = [client.post(url, {"name_en": f"Perspective {n}"}).status_code for n in range(30)]
    assert statuses == [302] * 30  # the limit for staff writes is 30 a minute
    before = Perspective.objects.count()
    response = client.post(url, {"name_en": "One too many"})
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 1 <= wait <= 60
    assert "Nothing was saved" in response.content.decode()
    assert Perspective.objects.count() == before


def test_reading_is_not_limited(world, as_user):
    client = as_user(world.fran)
    url = reverse("staff:perspectives", args=[world.public.slug])
    for n in range(30):
        client.post(url, {"name_en": f"Perspective {n}"})
    assert client.get(url).status_code == 200


def test_the_limit_is_per_account(world, as_user):
    fran = as_user(world.fran)
    for n in range(31):
        fran.post(reverse("staff:perspectives", args=[world.public.slug]), {"name_en": f"P{n}"})
    alice = Client()
    alice.force_login(world.alice)
    assert alice.post(reverse("staff:perspectives", args=[world.public.slug]), {"name_en": "Alice's"}).status_code == 302


def test_taking_part_without_an_account_is_limited_per_ip_address(world):
    url = reverse("engagements:take_part", args=[world.public.slug])
    before = Participant.objects.count()
    # Each new browser (no cookie) makes a participant; ten a minute from one address, then 429.
    statuses = [Client().post(url, {"consent": "on"}).status_code for _ in range(11)]
    assert statuses == [302] * 10 + [429]
    assert Participant.objects.count() == before + 10
    other_address = Client(REMOTE_ADDR="192.0.2.7")
    assert other_address.post(url, {"consent": "on"}).status_code == 302


def test_the_limit_can_be_switched_off(world, as_user, settings):
    settings.RATELIMIT_ENABLED = False
    client = as_user(world.fran)
    url = reverse("staff:perspectives", args=[world.public.slug])
    assert {client.post(url, {"name_en": f"P{n}"}).status_code for n in range(35)} == {302}
