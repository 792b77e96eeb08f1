"""Adapter between the database and the common-ground engine: rows in, snapshot out.

The engine (coproduce.commonground) knows nothing of Django; this module reads the current votes in one
query, runs the engine, and stores its JSON-serialisable result as an AnalysisSnapshot.
"""

from __future__ import annotations

import time

from django.db.models import Count, Max

from coproduce.commonground import SCHEMA_VERSION, Votes, analyse
from coproduce.conversations.models import AnalysisSnapshot, Conversation, Statement, Vote
from coproduce.core.privacy import small_numbers_threshold


def compute_snapshot(conversation: Conversation) -> AnalysisSnapshot:
    started = time.perf_counter()
    rows = list(Vote.objects.filter(conversation=conversation).values_list("participant_id", "statement_id", "value"))
    statements = list(conversation.statements.values_list("pk", "status"))
    excluded = frozenset(pk for pk, status in statements if status != Statement.Status.PUBLISHED)
    # Perspectives by primary key (as text), not by name: the page shows each in the reader's language.
    perspectives = {
        participant: str(perspective)
        for participant, perspective in conversation.engagement.participants.filter(
            perspective__isnull=False, votes__isnull=False
        )
        .distinct()
        .values_list("pk", "perspective_id")
    }
    participants, statement_ids, values = zip(*rows) if rows else ((), (), ())
    votes = Votes.from_events(
        list(participants), list(statement_ids), list(values), statements=[pk for pk, _status in statements]
    )
    previous = conversation.snapshots.only("conversation_id", "data").first()  # with its FK: see routing.py
    if previous is not None and not _same_schema(previous.data):
        previous = None  # written by another engine version: start afresh rather than fail on every run
    analysis = analyse(
        votes,
        excluded=excluded,
        perspectives=perspectives,
        previous=previous.data if previous is not None else None,
        seed=conversation.pk,
        perspective_min_cell=small_numbers_threshold(),
    )
    stats = Vote.objects.filter(conversation=conversation).aggregate(
        latest=Max("updated_at"), voters=Count("participant", distinct=True)
    )
    return AnalysisSnapshot.objects.create(
        conversation=conversation,
        data=analysis.to_dict(),
        vote_count=len(rows),
        participant_count=stats["voters"] or 0,
        votes_up_to=stats["latest"],
        duration_ms=int((time.perf_counter() - started) * 1000),
    )


def _same_schema(data: dict) -> bool:
    return str(data.get("schema_version", "")).split(".")[0] == SCHEMA_VERSION.split(".")[0]


def latest_snapshot(conversation: Conversation) -> AnalysisSnapshot | None:
    return conversation.snapshots.first()


def is_stale(conversation: Conversation, snapshot: AnalysisSnapshot | None) -> bool:
    latest_vote = Vote.objects.filter(conversation=conversation).aggregate(latest=Max("updated_at"))["latest"]
    if snapshot is None:
        return latest_vote is not None or conversation.statements.exists()
    return latest_vote is not None and (snapshot.votes_up_to is None or latest_vote > snapshot.votes_up_to)
