"""Writes of the asset map are rate limited: a person offers at most 10 strengths an hour; the 11th is refused with
429 and Retry-After, and saves nothing."""

from __future__ import annotations

from django.urls import reverse

from coproduce.community.models import Asset

OFFER = {
    "name": "Bike repairs",
    "kind": "skills",
    "holder_name": "Pat",
    "postcode_district": "CF48",
    "consent_public": "no",
    "understood": "on",
}


def test_the_eleventh_offer_in_an_hour_is_refused(client, world):
    client.force_login(world.pat)
    url = reverse("community:offer", args=[world.org.slug])
    for _ in range(10):
        assert client.post(url, OFFER).status_code == 302
    refused = client.post(url, OFFER)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert Asset.objects.count() == 10


def test_a_post_without_the_csrf_token_is_refused(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.pat)
    response = client.post(reverse("community:offer", args=[world.org.slug]), OFFER)
    assert response.status_code == 403 and not Asset.objects.exists()
