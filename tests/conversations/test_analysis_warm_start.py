"""The next analysis works whatever shape the previous snapshot had: the engine warm-starts from it (map, groups,
labels), and a snapshot of another shape — more or fewer statements or participants, hidden statements, an empty
conversation, another engine version — must never stop the analysis."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.commonground import POLIS_COMPATIBLE, SCHEMA_VERSION, Votes, analyse
from coproduce.conversations.access import conversation_of
from coproduce.conversations.actions import do_cast_vote, do_write_statement
from coproduce.conversations.analysis import compute_snapshot
from coproduce.conversations.models import AnalysisSnapshot, Statement, Vote
from coproduce.engagements.models import Engagement, Participant

from ..conftest import make_engagement
from .conftest import add_statements


def vote_in_groups(conversation, people, statements):
    for i, person in enumerate(people):
        for j, statement in enumerate(statements):
            do_cast_vote(person, statement, Vote.AGREE if (i % 3) == (j % 3) else Vote.DISAGREE)


def counted(snapshot):
    return sum(s["agree"] + s["disagree"] + s["pass"] for s in snapshot.data["statements"])


@pytest.fixture
def analysed(conversation, voter):
    people = [voter() for _ in range(15)]
    vote_in_groups(conversation, people, list(conversation.statements.all()))
    compute_snapshot(conversation)
    return people


def test_more_statements_than_before(conversation, analysed, voter):
    more = add_statements(conversation, [f"A later statement {k}." for k in range(12)])
    vote_in_groups(conversation, analysed + [voter() for _ in range(5)], more)
    snapshot = compute_snapshot(conversation)
    assert counted(snapshot) == Vote.objects.count()
    assert len(snapshot.data["statements"]) == conversation.statements.count()


def test_fewer_statements_and_people_than_before(conversation, analysed):
    # A statement deleted with its votes, and participants erased (their votes go with them).
    conversation.statements.last().delete()
    Participant.objects.filter(pk__in=[p.pk for p in analysed[:10]]).delete()
    snapshot = compute_snapshot(conversation)
    assert counted(snapshot) == Vote.objects.count() == 5 * conversation.statements.count()
    assert snapshot.participant_count == 5


def test_most_statements_hidden_since(conversation, analysed):
    Statement.objects.filter(pk__in=list(conversation.statements.values_list("pk", flat=True)[:6])).update(
        status=Statement.Status.HIDDEN
    )
    snapshot = compute_snapshot(conversation)
    assert sum(bool(s.get("excluded")) for s in snapshot.data["statements"]) == 6
    Statement.objects.filter(conversation=conversation).update(status=Statement.Status.HIDDEN)
    snapshot = compute_snapshot(conversation)
    assert all(s.get("excluded") for s in snapshot.data["statements"])


def test_previous_snapshot_from_another_engine_version(conversation, analysed):
    # A snapshot stored before an engine upgrade that changed the schema: warm start is skipped, not a crash.
    old = conversation.snapshots.first()
    old.data = {**old.data, "schema_version": "0.9"}
    old.save()
    snapshot = compute_snapshot(conversation)
    assert snapshot.data["schema_version"] == SCHEMA_VERSION
    assert counted(snapshot) == Vote.objects.count()


def test_previous_snapshot_with_other_clustering_settings(conversation, analysed):
    # Written with two axes (Polis-compatible settings) instead of our five.
    rows = list(Vote.objects.values_list("participant_id", "statement_id", "value"))
    p, s, v = zip(*rows)
    other = analyse(Votes.from_events(list(p), list(s), list(v)), **POLIS_COMPATIBLE).to_dict()
    AnalysisSnapshot.objects.create(conversation=conversation, data=other, vote_count=len(rows), participant_count=15)
    assert counted(compute_snapshot(conversation)) == len(rows)


def test_previous_snapshot_of_an_empty_conversation(world, voter, as_user):
    # An engagement with nothing in it yet is analysed once (an empty snapshot), then people write and vote.
    # (An empty Polis export used to make one; the importer now refuses an export with nothing to import.)
    engagement = make_engagement(world.org, "empty", Engagement.Visibility.PRIVATE)
    conversation = conversation_of(engagement)
    compute_snapshot(conversation)
    assert conversation.snapshots.get().data["statements"] == []
    statements = [
        do_write_statement(conversation, f"Seed {k}", author=None, origin=Statement.Origin.SEED) for k in range(6)
    ]
    people = [voter(conversation.engagement) for _ in range(9)]
    vote_in_groups(conversation, people, statements)
    response = as_user(world.alice).get(reverse("conversations:results", args=[conversation.engagement.slug]))
    assert response.status_code == 200
    assert counted(conversation.snapshots.first()) == 54
