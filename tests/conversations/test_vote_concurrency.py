"""On PostgreSQL: 50 participants voting at once, 40 votes each (threads, each with its own connection), give exactly
2,000 vote rows, and the next analysis counts exactly those votes."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from coproduce.conversations.access import conversation_of
from coproduce.conversations.actions import do_cast_vote
from coproduce.conversations.analysis import compute_snapshot
from coproduce.conversations.models import Statement, Vote, VoteEvent
from coproduce.engagements.models import Participant

from .conftest import add_statements

PARTICIPANTS, VOTES_EACH = 50, 40

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so it cannot show concurrent upserts")


def test_concurrent_participants(postgresql_only, world):
    conversation = conversation_of(world.public)
    statements = add_statements(conversation, [f"Statement number {i} about the clinic." for i in range(VOTES_EACH)])
    people = Participant.objects.bulk_create(
        Participant(engagement=world.public, consented_at=timezone.now()) for _ in range(PARTICIPANTS)
    )
    start = threading.Barrier(PARTICIPANTS)
    errors: list[BaseException] = []

    def take_part(n: int, person: Participant) -> None:
        try:
            start.wait(timeout=30)
            # A changed mind halfway through (the first vote replaced) and a double submit at the end.
            do_cast_vote(person, statements[0], Vote.PASS)
            for i, statement in enumerate(statements):
                do_cast_vote(person, statement, (n + i) % 3 - 1)
            do_cast_vote(person, statements[-1], (n + VOTES_EACH - 1) % 3 - 1)
        except BaseException as error:  # noqa: BLE001 - reported in the main thread
            errors.append(error)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=take_part, args=(n, p)) for n, p in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []

    assert Vote.objects.filter(conversation=conversation).count() == PARTICIPANTS * VOTES_EACH == 2000
    assert VoteEvent.objects.filter(conversation=conversation).count() == PARTICIPANTS * (VOTES_EACH + 2)
    expected = {(p.pk, s.pk): (n + i) % 3 - 1 for n, p in enumerate(people) for i, s in enumerate(statements)}
    stored = {(p, s): v for p, s, v in Vote.objects.values_list("participant_id", "statement_id", "value")}
    assert stored == expected

    snapshot = compute_snapshot(conversation)
    assert snapshot.vote_count == 2000
    assert snapshot.participant_count == PARTICIPANTS
    counted = [s for s in snapshot.data["statements"] if int(s["id"]) in {st.pk for st in statements}]
    assert len(counted) == VOTES_EACH
    assert sum(s["agree"] + s["disagree"] + s["pass"] for s in counted) == 2000
    for statement in statements:
        row = next(s for s in counted if int(s["id"]) == statement.pk)
        values = [v for (_p, sid), v in expected.items() if sid == statement.pk]
        assert (row["agree"], row["disagree"], row["pass"]) == (values.count(1), values.count(-1), values.count(0))
    assert conversation.statements.filter(status=Statement.Status.PUBLISHED).count() == VOTES_EACH
