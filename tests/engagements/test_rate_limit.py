"""Writes are rate limited per account (or per IP address without one): 429 with Retry-After, nothing saved."""

from __future__ import annotations

from http.cookies import SimpleCookie

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
    assert (
        alice.post(reverse("staff:perspectives", args=[world.public.slug]), {"name_en": "Alice's"}).status_code == 302
    )


def test_joining_without_an_account_is_limited_per_ip_address(world):
    url = reverse("engagements:take_part", args=[world.public.slug])
    before = Participant.objects.count()
    browser = Client()
    statuses = []
    # Each new browser (no cookie) makes a participant, up to the limit for one address; then 429.
    while 429 not in statuses and len(statuses) < 500:
        browser.cookies = SimpleCookie()
        statuses.append(browser.post(url, {"consent": "on"}).status_code)
    allowed = len(statuses) - 1
    assert statuses == [302] * allowed + [429]
    assert allowed >= 10  # a workshop joining from one venue must not be stopped at once
    assert Participant.objects.count() == before + allowed
    other_address = Client(REMOTE_ADDR="192.0.2.7")
    assert other_address.post(url, {"consent": "on"}).status_code == 302


def test_the_limit_can_be_switched_off(world, as_user, settings):
    settings.RATELIMIT_ENABLED = False
    client = as_user(world.fran)
    url = reverse("staff:perspectives", args=[world.public.slug])
    assert {client.post(url, {"name_en": f"P{n}"}).status_code for n in range(35)} == {302}


def test_a_browser_that_takes_part_is_limited_on_its_own_not_with_its_whole_venue(world, pseudonymous_client):
    """Participants sharing an IP address each get their own allowance once they hold a participant token."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from coproduce.core.ratelimit import client_key

    factory = RequestFactory()
    with_token = factory.post("/", REMOTE_ADDR="198.51.100.1")
    with_token.COOKIES.update({k: v.value for k, v in pseudonymous_client.cookies.items()})
    with_token.user = AnonymousUser()
    without = factory.post("/", REMOTE_ADDR="198.51.100.1")
    without.user = with_token.user
    assert client_key(with_token) == f"browser:{pseudonymous_client.participant.public_id}"
    assert client_key(without) == "ip:198.51.100.1"
