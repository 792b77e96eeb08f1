"""A statement containing HTML is stored as written and shown as text: `<script>` is inert on every page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.conversations.actions import do_cast_vote
from coproduce.conversations.models import Statement, Vote

from .conftest import client_of

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'
RAW = ["<script>alert", "<img src=x", "onerror=alert(1)>"]
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;"


@pytest.fixture
def hostile(conversation, voter):
    author = voter()
    response = client_of(author).post(reverse("conversations:write", args=["outpatients"]), {"text": PAYLOAD})
    assert response.status_code == 302
    statement = conversation.statements.get(author=author)
    assert statement.text == PAYLOAD  # stored as written: nobody changes a participant's words
    # Twenty people agree with it and split on the others, so it is common ground on the results page.
    others = list(conversation.statements.exclude(pk=statement.pk)[:4])
    for i in range(20):
        person = voter()
        do_cast_vote(person, statement, Vote.AGREE)
        for j, other in enumerate(others):
            do_cast_vote(person, other, Vote.AGREE if (i < 10) == (j % 2 == 0) else Vote.DISAGREE)
    return statement


def assert_inert(html: str, *, shown: bool = True) -> None:
    for raw in RAW:
        assert raw not in html
    if shown:
        assert ESCAPED in html


def test_vote_page(conversation, hostile, voter):
    participant = voter()
    for statement in conversation.statements.exclude(pk=hostile.pk):
        do_cast_vote(participant, statement, Vote.PASS)  # so the hostile statement is the one left to show
    browser = client_of(participant)
    assert_inert(browser.get(reverse("conversations:vote_page", args=["outpatients"])).content.decode())
    # The htmx card too.
    assert_inert(
        browser.get(reverse("conversations:vote_page", args=["outpatients"]), HTTP_HX_REQUEST="true").content.decode()
    )


def test_statement_page(hostile, client):
    assert_inert(client.get(reverse("conversations:statement", args=["outpatients", hostile.pk])).content.decode())


def test_results_page(hostile, client):
    html = client.get(reverse("conversations:results", args=["outpatients"])).content.decode()
    assert_inert(html)


def test_my_votes_and_staff_pages(hostile, voter, world, as_user):
    participant = voter()
    do_cast_vote(participant, hostile, Vote.AGREE)
    assert_inert(client_of(participant).get(reverse("conversations:my_votes", args=["outpatients"])).content.decode())
    staff = as_user(world.fran)
    assert_inert(staff.get(reverse("conversations_staff:statements", args=["outpatients"])).content.decode())
    assert_inert(staff.get(reverse("conversations_staff:assisted", args=["outpatients"])).content.decode())
    assert_inert(staff.get(reverse("conversations_staff:live", args=["outpatients"])).content.decode())


def test_duplicate_page(hostile, voter):
    response = client_of(voter()).post(reverse("conversations:write", args=["outpatients"]), {"text": PAYLOAD.upper()})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<SCRIPT>" not in html
    assert_inert(html)
    assert Statement.objects.filter(text=PAYLOAD.upper()).count() == 0
