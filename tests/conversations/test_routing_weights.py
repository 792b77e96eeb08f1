"""Routing weights come from the latest snapshot; a statement written since gets the engine's weight for new ones."""

from __future__ import annotations

import random

from coproduce.conversations.models import Statement
from coproduce.conversations.routing import PRIORITY_OF_UNSEEN, next_turn, priorities_from_snapshot

from .conftest import add_statements


def snapshot_of(statements, priority: float, of_new: float, hidden: Statement | None = None) -> dict:
    return {
        "statements": [{"id": s.pk, "priority": priority, "excluded": s == hidden} for s in statements],
        "summaries": {"priority_of_new_statement": of_new},
    }


def test_no_snapshot_weighs_every_statement_alike():
    assert priorities_from_snapshot(None) == ({}, PRIORITY_OF_UNSEEN)


def test_excluded_statements_have_no_weight_and_new_ones_get_the_engines(conversation):
    statements = list(conversation.statements.all())
    priorities, of_new = priorities_from_snapshot(snapshot_of(statements, 0.01, 0.5, hidden=statements[0]))
    assert statements[0].pk not in priorities
    assert priorities[statements[1].pk] == 0.01
    assert of_new == 0.5


def test_a_statement_written_after_the_snapshot_is_shown_by_its_weight(conversation, voter):
    statements = list(conversation.statements.all())
    (new,) = add_statements(
        conversation, ["A statement written after the last analysis."], origin=Statement.Origin.PARTICIPANT
    )
    participant = voter()
    rng = random.Random(4)
    # The engine promises new statements far more weight than the old ones (1e-6 each): the new one is chosen.
    heavy = snapshot_of(statements, 1e-6, 1.0)
    assert {
        next_turn(conversation, participant, priorities_from_snapshot(heavy), rng).statement.pk for _ in range(20)
    } == {new.pk}
    # And with next to no weight for new statements it is (almost) never chosen.
    light = snapshot_of(statements, 1.0, 1e-9)
    assert new.pk not in {
        next_turn(conversation, participant, priorities_from_snapshot(light), rng).statement.pk for _ in range(20)
    }
