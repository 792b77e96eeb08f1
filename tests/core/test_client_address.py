"""Rate limits count per client address; behind TRUSTED_PROXY_COUNT proxies it is read from X-Forwarded-For,
that many entries from the right — never the leftmost, which the client writes itself."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from coproduce.accounts.adapter import AccountAdapter
from coproduce.core.ratelimit import client_address

factory = RequestFactory()


def address(forwarded: str | None = None, remote: str = "10.0.0.2") -> str:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(factory.get("/", REMOTE_ADDR=remote, **extra))


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert address("203.0.113.9") == "10.0.0.2"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "client"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client wrote 6.6.6.6 itself
        (1, "6.6.6.6,203.0.113.9", "203.0.113.9"),
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.1", "203.0.113.9"),  # CDN, then our load balancer
        (1, "2001:db8::7", "2001:db8::7"),
    ],
)
def test_the_client_is_counted_from_the_right(settings, proxies, forwarded, client):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert address(forwarded) == client


@pytest.mark.parametrize("forwarded", [None, "", "203.0.113.9", "unknown, not-an-address"])
def test_a_request_that_did_not_come_through_every_proxy_counts_as_its_peer(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 2
    assert address(forwarded) == "10.0.0.2"


def test_allauth_counts_the_same_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = factory.post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert AccountAdapter(request).get_client_ip(request) == "203.0.113.9"


def test_joining_behind_a_proxy_is_limited_per_client_not_per_proxy(world, settings):
    """Everyone arrives from the proxy's address: only X-Forwarded-For tells them apart, and forging its left
    side does not escape the limit."""
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("engagements:take_part", args=[world.public.slug])
    statuses = []
    while 429 not in statuses and len(statuses) < 500:
        # A new browser each time (no participant cookie), a new forged address each time, one real address.
        statuses.append(
            Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"6.6.{len(statuses) % 250}.1, 203.0.113.9")
            .post(url, {"consent": "on"})
            .status_code
        )
    assert statuses[-1] == 429
    other = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert other.post(url, {"consent": "on"}).status_code == 302
