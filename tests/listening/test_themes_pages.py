"""The themes board a page at a time, busiest theme first, with how many themes and challenges first (issue 21):
the public board and the staff one, plain links (no JavaScript needed); the public summary hides a small total."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coproduce.listening.access import settings_of
from coproduce.listening.board import THEMES_PER_PAGE
from coproduce.listening.models import Theme
from tests.listening.conftest import make_challenge, make_conversation

THEMES = THEMES_PER_PAGE + 5


@pytest.fixture
def many_themes(listening):
    """30 themes more in the public engagement; "Busy" has four challenges, every other theme none."""
    w = listening
    Theme.objects.bulk_create(Theme(engagement=w.public, name=f"Theme {i:02}") for i in range(THEMES))
    busy = Theme.objects.create(engagement=w.public, name="Busy")
    for i in range(4):
        conversation = make_conversation(w.public, w.sam, perspective=w.public.perspectives.all()[i % 3])
        make_challenge(conversation, f"Challenge {i}", busy)
    settings_of(w.public).__class__.objects.filter(engagement=w.public).update(themes_published=True)
    return w


def theme_rows(html: str) -> list[str]:
    return re.findall(r'<th scope="row">(Busy|Letters|Theme \d\d)', html)


@pytest.mark.parametrize("persona", ["anon", "fran"])
def test_the_board_pages_busiest_first_with_its_summary(many_themes, client, persona):
    w = many_themes
    if persona != "anon":
        client.force_login(w.fran)
    url = reverse("listening:themes" if persona == "anon" else "listening_staff:themes", args=[w.public.slug])
    first = client.get(url).content.decode()
    total = THEMES + 2  # and "Busy" and "Letters"
    assert f"{total} themes, the most raised first." in first
    assert "5 challenges are counted." in first  # Busy's 4 and the fixture's one about letters
    rows = theme_rows(first)
    assert len(rows) == THEMES_PER_PAGE and rows[:2] == ["Busy", "Letters"]
    assert 'href="?page=2"' in first
    second = client.get(url, {"page": 2}).content.decode()
    assert len(theme_rows(second)) == total - THEMES_PER_PAGE and "Busy" not in theme_rows(second)
    assert client.get(url, {"page": "none"}).status_code == 200


def test_the_public_summary_does_not_give_a_small_total(listening, client):
    w = listening
    settings_of(w.public).__class__.objects.filter(engagement=w.public).update(themes_published=True)
    html = client.get(reverse("listening:themes", args=[w.public.slug])).content.decode()
    assert "Fewer than 3 challenges are counted so far." in html
    assert "1 challenge is counted." not in html
