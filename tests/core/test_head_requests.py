"""Pages that only read answer HEAD as they answer GET (require_safe, not require_GET): link checkers, uptime
monitors and load balancers send HEAD, and a 405 from the home page reads as "the site is broken"."""

from __future__ import annotations

import pytest
from django.urls import reverse

# Every public page that only reads, with the arguments it needs in the test world (the public engagement).
PUBLIC_PAGES = [
    ("core:home", []),
    ("core:healthz", []),
    ("engagements:detail", ["outpatients"]),
    ("conversations:vote_page", ["outpatients"]),
    ("conversations:results", ["outpatients"]),
    ("conversations:moderation_log", ["outpatients"]),
    ("listening:themes", ["outpatients"]),
    ("proposals:list", ["outpatients"]),
    ("proposals:moderation_log", ["outpatients"]),
    ("proposals:priorities", ["outpatients"]),
    ("proposals:decisions", ["outpatients"]),
    ("delivery:report", ["outpatients"]),
    ("delivery:iterations", ["outpatients"]),
    ("api_pages:docs", []),
    ("api_pages:open_data", ["outpatients"]),
]


def test_the_home_page_answers_head(world, client):
    response = client.head(reverse("core:home"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.content == b""  # HEAD: the headers of the page, no body


@pytest.mark.parametrize(("name", "args"), PUBLIC_PAGES)
def test_a_read_only_page_answers_head_as_it_answers_get(world, client, name, args):
    url = reverse(name, args=args)
    got = client.get(url)
    head = client.head(url)
    assert head.status_code != 405, f"{name} refuses HEAD: use require_safe"
    assert head.status_code == got.status_code
    assert head.get("Content-Type") == got.get("Content-Type")


def test_a_staff_page_answers_head_too(world, as_user):
    url = reverse("conversations_staff:live", args=["outpatients"])
    assert as_user(world.fran).head(url).status_code == 200


def test_writes_still_refuse_head(world, client):
    # require_safe is for pages that only read: the language switch is POST only.
    assert client.head(reverse("core:set_language")).status_code == 405
