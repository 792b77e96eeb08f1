"""A participant is never asked to vote on their own statement: the vote page's next statement and the API's
leave it out (conversations.routing.next_turn), and the counts of voted and left leave it out too."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from coproduce.conversations.actions import do_write_statement
from coproduce.conversations.models import Vote
from coproduce.conversations.routing import next_turn
from coproduce.engagements.participants import make_token

from .conftest import SEED_TEXTS, client_of

MINE = "Volunteer drivers should be thanked by the health board."


def test_the_next_statement_is_never_one_s_own(conversation, voter):
    writer = voter()
    mine = do_write_statement(conversation, MINE, author=writer)
    others = voter()
    theirs = do_write_statement(conversation, "The hospital should open its café on Sundays.", author=others)
    shown = []
    for _ in range(len(SEED_TEXTS) + 2):
        turn = next_turn(conversation, writer, None)
        if turn.statement is None:
            break
        shown.append(turn.statement.pk)
        Vote.objects.create(conversation=conversation, participant=writer, statement=turn.statement, value=0)
    assert mine.pk not in shown
    assert theirs.pk in shown  # someone else's new statement is shown
    assert len(shown) == len(SEED_TEXTS) + 1
    # Everyone else is asked about it.
    assert mine.pk in {next_turn(conversation, voter(), None).statement.pk for _ in range(60)}


def test_the_counts_leave_it_out(conversation, voter):
    writer = voter()
    do_write_statement(conversation, MINE, author=writer)
    turn = next_turn(conversation, writer, None)
    assert (turn.voted, turn.remaining) == (0, len(SEED_TEXTS))


def test_the_vote_page_never_shows_it(conversation, voter):
    writer = voter()
    do_write_statement(conversation, MINE, author=writer)
    browser = client_of(writer)
    page = reverse("conversations:vote_page", args=["outpatients"])
    for _ in range(len(SEED_TEXTS)):
        html = browser.get(page).content.decode()
        assert MINE not in html
        statement = conversation.statements.get(text__in=[t for t in SEED_TEXTS if t in html])
        browser.post(reverse("conversations:vote", args=["outpatients"]), {"statement": statement.pk, "value": 1})
    assert "You have voted on every statement so far" in browser.get(page).content.decode()


def test_the_api_never_gives_it(conversation, voter):
    writer = voter()
    mine = do_write_statement(conversation, MINE, author=writer)
    headers = {"HTTP_X_PARTICIPANT_TOKEN": make_token([writer.public_id])}
    api = Client()
    seen = []
    while True:
        step = api.get("/api/v1/engagements/outpatients/next-statement", **headers).json()
        if step["statement"] is None:
            break
        seen.append(step["statement"]["id"])
        api.post(
            "/api/v1/engagements/outpatients/votes",
            {"statement": seen[-1], "value": 1},
            content_type="application/json",
            **headers,
        )
    assert mine.pk not in seen
    assert len(seen) == len(SEED_TEXTS)
