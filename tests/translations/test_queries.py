"""Translations cost no query per statement: the vote page reads the chosen statement with its translations in
one query, and the results and my-votes pages read every translation at once."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.conversations.access import conversation_of
from coproduce.conversations.actions import do_cast_vote
from coproduce.conversations.analysis import compute_snapshot
from coproduce.conversations.models import Statement
from coproduce.translations import actions
from tests.conversations.conftest import add_statements, client_of
from tests.conversations.test_vote_queries import PAGE_QUERIES


def translated(world, tina, n: int, start: int = 0) -> list[Statement]:
    made = add_statements(
        conversation_of(world.public), [f"Clinics should open at {start + i} o’clock." for i in range(n)]
    )
    for i, statement in enumerate(made):
        proposal = actions.do_propose_translation(
            tina, statement, "text", f"Dylai clinigau agor am {start + i} o’r gloch."
        )
        actions.do_confirm_translation(world.fran, proposal)
    return made


def count(browser, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_vote_page_costs_the_same_with_translations(world, tina, voter):
    translated(world, tina, 3)
    browser = client_of(voter())
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    page = reverse("conversations:vote_page", args=["outpatients"])
    compute_snapshot(conversation_of(world.public))
    browser.get(page)  # the first load reads the snapshot's priorities; later loads know them
    n, html = count(browser, page)
    assert n == PAGE_QUERIES
    assert 'lang="cy" class="vote-card__statement"' in html and "Dylai clinigau agor am" in html


def test_results_and_my_votes_do_not_grow_with_translated_statements(world, tina, voter):
    participant = voter()
    browser = client_of(participant)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    conversation = conversation_of(world.public)
    results = reverse("conversations:results", args=["outpatients"])
    my_votes = reverse("conversations:my_votes", args=["outpatients"])
    counts = []
    people = [participant] + [voter() for _ in range(11)]  # enough agreement for common ground
    for batch in range(2):
        for statement in translated(world, tina, 3 if batch == 0 else 12, start=batch * 100):
            for other in people:
                do_cast_vote(other, statement, 1)
        compute_snapshot(conversation)
        n_results, html = count(browser, results)
        n_votes, mine = count(browser, my_votes)
        counts.append((n_results, n_votes))
        assert "Dylai clinigau agor am" in html and "Dylai clinigau agor am" in mine
        assert 'lang="cy"' in mine
    assert counts[0] == counts[1], counts
