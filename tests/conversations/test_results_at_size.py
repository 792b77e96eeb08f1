"""Pages that summarise and page (issue 21): at any size a participant page stays small, each results section shows
its strongest statements with "see all", the lists page and filter with plain GET, the staff list and moderation
queue page too, the map shows density above a setting with "you are here" kept, and the projector's refresh sends
only what changed.

The conversation here has a few hundred statements and a few dozen people, with the settings lowered so that the
same code paths run as on a real conversation of a thousand statements and thousands of people.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.conversations.analysis import compute_snapshot
from coproduce.conversations.models import Statement, Vote, normalise_statement
from coproduce.core.svg import opinion_map
from coproduce.engagements.models import Participant
from tests.conversations.conftest import client_of

pytestmark = pytest.mark.django_db

STATEMENTS = 300
PEOPLE = 24
PAGE_BOUND = 100_000  # bytes: a participant page, at any size
REFRESH_BOUND = 10_000  # bytes: a projector refresh that changed


@pytest.fixture
def big(world, conversation, settings):
    """300 statements more; 40 people in two camps who agree on most statements and split on every fifth."""
    settings.COPRODUCE_MAP_BIN_ABOVE = 20
    settings.COPRODUCE_RESULTS_TOP = 5
    settings.COPRODUCE_PROJECTOR_TOP = 3
    texts = [f"Statement number {i} about the clinic" + (" and zebras" if i == 7 else "") for i in range(STATEMENTS)]
    statements = Statement.objects.bulk_create(
        Statement(
            conversation=conversation, text=text, normalised=normalise_statement(text), origin=Statement.Origin.SEED
        )
        for text in texts
    )
    people = Participant.objects.bulk_create(
        Participant(engagement=world.public, consented_at=timezone.now()) for _ in range(PEOPLE)
    )
    votes = []
    for n, person in enumerate(people):
        camp = 1 if n % 2 else -1
        for i, statement in enumerate(statements):
            value = camp if i % 5 == 0 else 1
            votes.append(Vote(conversation=conversation, participant=person, statement=statement, value=value))
    Vote.objects.bulk_create(votes)
    compute_snapshot(conversation)
    return {"conversation": conversation, "people": people, "statements": statements}


def table_rows(html: str, caption_id_or_text: str) -> int:
    """The number of body rows of the table whose caption contains the text."""
    for table in re.findall(r"<table.*?</table>", html, re.S):
        if caption_id_or_text in table:
            return len(re.findall(r"<tr>", table.split("<tbody>", 1)[1]))
    raise AssertionError(f"no table captioned {caption_id_or_text!r}")


def test_the_results_page_stays_small_and_shows_the_strongest_of_each_section_first(big):
    person = big["people"][0]
    response = client_of(person).get(reverse("conversations:results", args=["outpatients"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) <= PAGE_BOUND, len(response.content)
    assert table_rows(html, "Common ground across opinion groups") == 5
    common = re.search(r"See all (\d+) statements</a>", html)
    assert common and int(common.group(1)) > 5  # the count, and a link to them all
    assert 'href="/engagements/outpatients/results/statements/?show=common-ground"' in html
    # The map shows density, not one mark a person, and still says where the signed-in participant is.
    assert "fill-opacity" in html and "You are here" in html
    assert "the map shows how many are in each part of it" in html


def test_see_all_pages_and_filters_with_plain_get(big):
    client = client_of(big["people"][0])
    url = reverse("conversations:results_list", args=["outpatients"])
    first = client.get(url, {"show": "common-ground"})
    html = first.content.decode()
    assert first.status_code == 200 and len(first.content) <= PAGE_BOUND
    total = int(re.search(r"(\d+) statements</caption>", html).group(1))
    assert total > 25 and table_rows(html, "statements</caption>") == 25
    assert 'href="?show=common-ground&amp;page=2" rel="next"' in html
    last_page = -(-total // 25)
    last = client.get(url, {"show": "common-ground", "page": str(last_page)}).content.decode()
    assert table_rows(last, "statements</caption>") == total - 25 * (last_page - 1)
    assert 'rel="prev"' in last and 'rel="next"' not in last
    # Every statement, then words: the one statement about zebras, whatever the section.
    every = client.get(url).content.decode()
    assert f"{STATEMENTS + 8} statements</caption>" in every
    found = client.get(url, {"q": "ZEBRAS"}).content.decode()
    assert "1 statement</caption>" in found and "Statement number 7 about the clinic and zebras" in found
    # What sets a group apart: that group's statements only; an unknown letter or section is ignored.
    group = client.get(url, {"group": "A"}).content.decode()
    assert "set group A apart</caption>" in group or "sets group A apart</caption>" in group
    ignored = client.get(url, {"group": "Z", "show": "nonsense"}).content.decode()
    assert f"{STATEMENTS + 8} statements</caption>" in ignored


def test_the_map_bins_above_the_setting_and_keeps_you_are_here():
    people = [{"id": n, "x": (n % 10) / 10 - 0.5, "y": (n // 10) / 10 - 0.5, "group": n % 2} for n in range(100)]
    you = people[37]
    texts = {"title": "Map", "description": "Dots", "you_label": "You are here"}
    dots = str(opinion_map(people, [0, 1], you=you, bin_above=100, density_description="Density", **texts))
    binned = str(opinion_map(people, [0, 1], you=you, bin_above=99, density_description="Density", **texts))
    # One mark a person at or under the setting; squares in paths above it, with each group's middle marked.
    assert dots.count("<circle") + dots.count("<rect") + dots.count("<polygon") >= 100
    assert "<desc" in binned and "Density" in binned and "Dots" not in binned
    assert binned.count("<path") >= 2 and binned.count("<circle") <= 2  # "you are here" and one group's middle
    assert "You are here" in binned and len(binned) < len(dots)
    # Nobody there: no "you are here".
    assert "You are here" not in str(
        opinion_map(people, [0, 1], you=None, bin_above=10, density_description="D", **texts)
    )


def test_the_projector_refresh_is_small_and_answers_304_without_rebuilding(
    big, world, client, django_assert_max_num_queries
):
    client.force_login(world.fran)
    url = reverse("conversations_staff:live", args=["outpatients"])
    poll = {"HX-Request": "true"}
    first = client.get(url, headers=poll)
    assert first.status_code == 200 and len(first.content) <= REFRESH_BOUND, len(first.content)
    # Unchanged: 304 with no body, from a few counting queries (the panel is not built).
    with django_assert_max_num_queries(14):
        again = client.get(url, headers={**poll, "If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    # A vote changes it: the panel again, with a new ETag.
    person, statement = big["people"][0], big["statements"][1]
    Vote.objects.filter(participant=person, statement=statement).update(value=-1, updated_at=timezone.now())
    changed = client.get(url, headers={**poll, "If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert len(changed.content) <= REFRESH_BOUND
    # A moderation decision too (the panel lists published statements only).
    hidden = client.get(url, headers={**poll, "If-None-Match": changed["ETag"]})
    assert hidden.status_code == 304
    big["statements"][2].status = Statement.Status.HIDDEN
    big["statements"][2].save()
    assert client.get(url, headers={**poll, "If-None-Match": changed["ETag"]}).status_code == 200


def test_the_staff_statements_page_and_moderation_queue_page_filter_and_search(big, world, client):
    conversation = big["conversation"]
    Statement.objects.filter(pk__in=[s.pk for s in big["statements"][:3]]).update(status=Statement.Status.PENDING)
    client.force_login(world.fran)
    url = reverse("conversations_staff:statements", args=["outpatients"])
    first = client.get(url).content.decode()
    assert table_rows(first, "waiting for moderation first") == 50
    assert "Waiting for moderation (3)" in first and 'rel="next"' in first
    # The queue comes first: the three waiting statements head the first page.
    assert first.index("Statement number 2 about") < first.index("Published</td>")
    queue = client.get(url, {"status": "pending"}).content.decode()
    assert "3 statements, waiting for moderation first" in queue and 'rel="next"' not in queue
    found = client.get(url, {"q": "zebras"}).content.decode()
    assert "1 statement, waiting for moderation first" in found
    second = client.get(url, {"status": "published", "page": "2"}).content.decode()
    assert 'href="?status=published&amp;page=1" rel="prev"' in second
    # Moderating from a filtered page comes back to it; a "back" that is not a filter is dropped.
    target = big["statements"][0]
    response = client.post(
        reverse("conversations_staff:moderate", args=["outpatients", target.pk]),
        {"action": "publish", "back": "status=pending&q=clinic&page=1&next=https://evil.example"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url}?status=pending&q=clinic&page=1"
    assert conversation.statements.get(pk=target.pk).status == Statement.Status.PUBLISHED
