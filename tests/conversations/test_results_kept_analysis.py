"""Pages at real size cost the server little (issue 21): the parsed analysis is kept per snapshot and replaced when
a new one lands, the results pages, "see all" and the projector read a number of queries that does not grow with
statements, and only the statements a page shows are read with their translations."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.conversations import analysis
from coproduce.conversations.analysis import compute_snapshot, derived, latest_snapshot
from coproduce.conversations.models import Statement, Vote, normalise_statement
from coproduce.engagements.models import Participant
from coproduce.translations.models import Translation
from tests.conversations.conftest import client_of

pytestmark = pytest.mark.django_db

RESULTS = reverse("conversations:results", args=["outpatients"])
SEE_ALL = reverse("conversations:results_list", args=["outpatients"])
LIVE = reverse("conversations_staff:live", args=["outpatients"])


def add_voted_statements(conversation, people, start: int, n: int) -> None:
    """n statements more, each voted on by everyone (half agree, half disagree on every third)."""
    texts = [f"Generated statement {start + i} about the clinic" for i in range(n)]
    statements = Statement.objects.bulk_create(
        Statement(
            conversation=conversation, text=text, normalised=normalise_statement(text), origin=Statement.Origin.SEED
        )
        for text in texts
    )
    Vote.objects.bulk_create(
        Vote(
            conversation=conversation,
            participant=person,
            statement=statement,
            value=(1 if k % 2 else -1) if i % 3 == 0 else 1,
        )
        for i, statement in enumerate(statements)
        for k, person in enumerate(people)
    )


@pytest.fixture
def people(world):
    return Participant.objects.bulk_create(
        Participant(engagement=world.public, consented_at=timezone.now()) for _ in range(12)
    )


def test_the_parsed_analysis_is_kept_and_replaced_when_a_new_one_lands(conversation, people):
    add_voted_statements(conversation, people, 0, 10)
    first = compute_snapshot(conversation)
    assert latest_snapshot(conversation).pk == first.pk  # read (and parsed) once
    with CaptureQueriesContext(connection) as queries:
        again = latest_snapshot(conversation)
    # Only its id and time: the stored analysis is not read again.
    assert len(queries) == 1 and '"data"' not in queries[0]["sql"], queries.captured_queries
    assert again.data == first.data and again.vote_count == first.vote_count
    assert again is not latest_snapshot(conversation)  # a new instance each time; the data is shared
    counted = derived(again, "test-count", lambda data: len(data["statements"]))
    assert derived(latest_snapshot(conversation), "test-count", lambda data: -1) == counted  # computed once

    # A new analysis lands: the pages read it, not the kept one.
    add_voted_statements(conversation, people, 10, 5)
    second = compute_snapshot(conversation)
    latest = latest_snapshot(conversation)
    assert latest.pk == second.pk and latest.vote_count == first.vote_count + 5 * len(people)
    assert derived(latest, "test-count", lambda data: len(data["statements"])) == counted + 5


def test_the_kept_analyses_are_bounded(conversation, people, settings):
    settings.COPRODUCE_KEPT_ANALYSES = 2
    analysis.forget_kept_analyses()
    add_voted_statements(conversation, people, 0, 3)
    for n in range(4):
        add_voted_statements(conversation, people, 100 + n, 1)
        latest_snapshot(compute_snapshot(conversation).conversation)
    assert len(analysis._kept) == 2


def test_the_pages_cost_the_same_number_of_queries_for_more_statements(
    conversation, people, world, client, settings, django_assert_max_num_queries
):
    settings.COPRODUCE_MAP_BIN_ABOVE = 5
    browser = client_of(people[0])
    client.force_login(world.fran)
    poll = {"HX-Request": "true"}
    counts = []
    for start, more in ((0, 10), (10, 80)):
        add_voted_statements(conversation, people, start, more)
        compute_snapshot(conversation)
        sizes = []
        for url, who, headers in (
            (RESULTS, browser, {}),
            (SEE_ALL, browser, {}),
            (f"{SEE_ALL}?q=clinic&page=2", browser, {}),
            (LIVE, client, poll),
        ):
            who.get(url, headers=headers)  # the first request after an analysis parses it
            with django_assert_max_num_queries(20), CaptureQueriesContext(connection) as queries:
                assert who.get(url, headers=headers).status_code == 200
            sizes.append(len(queries))
        counts.append(sizes)
    assert counts[0] == counts[1], counts


def test_see_all_finds_words_of_a_confirmed_translation_and_shows_the_readers_language(conversation, people):
    add_voted_statements(conversation, people, 0, 30)
    compute_snapshot(conversation)
    statement = conversation.statements.get(text="Generated statement 7 about the clinic")
    Translation.objects.create(
        content_type=ContentType.objects.get_for_model(Statement),
        object_id=statement.pk,
        field="text",
        language="cy",
        text="Datganiad wedi ei gynhyrchu am y clinig",
        status=Translation.Status.CONFIRMED,
        reviewed_at=timezone.now(),
    )
    browser = client_of(people[0])
    found = browser.get(SEE_ALL, {"q": "GYNHYRCHU"}).content.decode()
    assert "1 statement</caption>" in found
    # Shown in the reader's language (English here), the Welsh beside it only when reading Welsh.
    assert "Generated statement 7 about the clinic" in found
    welsh = browser.get(SEE_ALL, {"q": "gynhyrchu"}, headers={"Accept-Language": "cy"}).content.decode()
    assert "Datganiad wedi ei gynhyrchu am y clinig" in welsh


def test_each_reader_sees_themself_on_one_kept_map(conversation, people, settings):
    settings.COPRODUCE_MAP_BIN_ABOVE = 5
    add_voted_statements(conversation, people, 0, 20)
    compute_snapshot(conversation)
    pages = [client_of(person).get(RESULTS).content.decode() for person in (people[0], people[1])]
    maps = [page.split('<svg class="chart"', 1)[1].split("</svg>", 1)[0] for page in pages]
    assert all("You are here" in m for m in maps)
    # The same density drawing for both, "you are here" where each of them is (they voted differently).
    you = re.compile(r'<circle cx="[\d.]+" cy="[\d.]+" r="9" fill="none"[^>]*/><text[^>]*>You are here</text>')
    assert all(len(you.findall(m)) == 1 for m in maps)
    assert you.sub("", maps[0]) == you.sub("", maps[1])
    assert you.findall(maps[0]) != you.findall(maps[1])
