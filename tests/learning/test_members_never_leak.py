"""Who is in a study club is seen only by its host and the board's managers: never on the public pages, the API or
the open data, nor to another member."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coproduce.learning import actions
from tests.permission_matrix import client_for

pytestmark = pytest.mark.django_db

PAGES = ["learning:home", "learning:club", "learning:board", "learning:mine", "learning:club_calendar"]


def _pages(w):
    return [
        reverse("learning:home"),
        reverse("learning:club", args=[w.club.pk]),
        reverse("learning:board", args=["glas-news"]),
        reverse("learning:club_calendar", args=[w.club.pk]),
        reverse("api-1:list_study_clubs"),
    ]


@pytest.mark.parametrize("persona", ["anon", "pat", "olly", "fran", "mo"])
def test_members_are_hidden_from_everyone_else(learning, persona):
    w = learning
    actions.do_join_club(w.sam, w.club)  # "Sam", a second member
    client = client_for(persona, w)
    for url in _pages(w):
        body = client.get(url).content.decode()
        # A word, not a substring: a page's random CSRF token holds "Sam" about once in 4,000 pages.
        assert not re.search(r"\bSam\b", body) and "sam@example.org" not in body, (persona, url)
        if persona != "mo":
            assert ">Mo<" not in body and "mo@example.org" not in body, (persona, url)


@pytest.mark.parametrize("persona", ["erin", "alice"])
def test_the_host_and_the_organisers_see_the_members(learning, persona):
    w = learning
    actions.do_join_club(w.sam, w.club)
    client = client_for(persona, w)
    for url in (reverse("learning:club", args=[w.club.pk]), reverse("learning_staff:club", args=[w.club.pk])):
        body = client.get(url).content.decode()
        assert "Sam" in body and "Mo" in body
