"""A statement of 10–280 characters after trimming is accepted (10: the conversation's shortest, by default); empty
or longer is refused, and nothing is saved. Shorter than the shortest: test_statement_min_length.py."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.conversations.models import Statement

from .conftest import client_of


def write(participant, text):
    return client_of(participant).post(reverse("conversations:write", args=["outpatients"]), {"text": text})


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("x" * 10, "x" * 10),
        ("a" * 280, "a" * 280),
        # Trimming comes first: spaces around and runs of spaces inside do not count against the limit.
        ("  \n" + "b" * 279 + "  \t", "b" * 279),
        ("  " + "c" * 139 + "    " + "d" * 140 + "\n\n", "c" * 139 + " " + "d" * 140),
    ],
    ids=["ten characters", "280 characters", "280 with spaces around", "280 after collapsing spaces"],
)
def test_accepted(conversation, voter, sent, stored):
    participant = voter()
    response = write(participant, sent)
    assert response.status_code == 302
    assert response["Location"] == reverse("conversations:vote_page", args=["outpatients"])
    statement = conversation.statements.get(author=participant)
    assert statement.text == stored
    assert len(statement.text) <= 280
    assert statement.status == Statement.Status.PUBLISHED
    assert statement.origin == Statement.Origin.PARTICIPANT


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ("", "Enter your statement"),
        ("   \n\t  ", "Enter your statement"),
        ("a" * 281, "Your statement must be 280 characters or fewer. It has 281."),
        ("   " + "a" * 281 + "   ", "Your statement must be 280 characters or fewer. It has 281."),
        ("word " * 200, "Your statement must be 280 characters or fewer. It has 999."),
    ],
    ids=["empty", "only spaces", "281 characters", "281 after trimming", "far too long"],
)
def test_refused_with_a_message_and_nothing_saved(conversation, voter, sent, message):
    participant = voter()
    before = Statement.objects.count()
    response = write(participant, sent)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Statement.objects.count() == before
    assert not Statement.objects.filter(author=participant).exists()
