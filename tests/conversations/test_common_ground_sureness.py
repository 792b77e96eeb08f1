"""Issue 22: each common-ground label's probability, in plain words with the number, on the results page and in
the API; and, with no structure in the votes, "no clear opinion groups yet"."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.conversations.access import conversation_of
from coproduce.conversations.actions import do_cast_vote
from coproduce.conversations.models import Vote
from coproduce.conversations.results import sureness

from .conftest import SEED_TEXTS, add_statements


@pytest.mark.parametrize(
    ("probability", "words"),
    [(None, ""), (0.3, "not sure yet"), (0.8, "likely"), (0.94, "likely"), (0.95, "very likely")],
)
def test_the_words_for_a_probability(probability, words):
    assert sureness(probability) == words


def test_everyone_agreeing_is_common_ground_shown_with_how_sure_and_no_clear_groups(world, voter):
    statements = add_statements(conversation_of(world.public), SEED_TEXTS[:3])
    for _ in range(20):
        person = voter()
        for statement in statements:
            do_cast_vote(person, statement, Vote.AGREE)
    html = Client().get(reverse("conversations:results", args=["outpatients"])).content.decode()
    assert "No clear opinion groups yet" in html
    assert "How sure" in html and "very likely" in html and "chance that every group agrees" in html
    analysis = Client().get("/api/v1/engagements/outpatients/analysis").json()
    rows = analysis["common_ground"]
    assert rows and all(row["common_ground_probability"] >= 0.95 for row in rows)
    assert {row["common_ground_words"] for row in rows} == {"very likely"}
