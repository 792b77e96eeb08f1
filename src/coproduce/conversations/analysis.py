"""Adapter between the database and the common-ground engine: rows in, snapshot out.

The engine (coproduce.commonground) knows nothing of Django; this module reads the current votes in one
query, runs the engine, and stores its JSON-serialisable result as an AnalysisSnapshot.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
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
    """The conversation's latest snapshot. Only its id and time are read from the database (from the index
    snapshot_latest) when this process has read that snapshot before: its stored analysis grows with participants
    (a few MB at 30,000) and every results page, "see all" list and projector poll would otherwise read and parse it
    again. The instance is new on each call; its `data` is shared with other callers and must not be changed."""
    latest = conversation.snapshots.values_list("pk", "created_at").first()
    if latest is None:
        return None
    snapshot = _kept_snapshot(*latest)
    if snapshot is None:  # deleted in between (its conversation or engagement erased)
        return conversation.snapshots.first()
    snapshot.conversation = conversation  # as the related manager would: no query to reach it again
    return snapshot


# Snapshots never change once stored (a new analysis is a new row), so what this process read of one, and what the
# pages derive from it, can be kept under its id and time: a new analysis has another key, so nothing is ever stale.
# The time is in the key so that an id reused after a rolled-back transaction (tests, SQLite) cannot find another
# snapshot's. Bounded (settings.COPRODUCE_KEPT_ANALYSES, the least recently used go first): a parsed analysis of
# 30,000 people is tens of MB.
_kept: OrderedDict[tuple[int, Any], dict[str, Any]] = OrderedDict()
_kept_lock = threading.Lock()
T = TypeVar("T")


def _entry(key: tuple[int, Any]) -> dict[str, Any] | None:
    with _kept_lock:
        entry = _kept.get(key)
        if entry is not None:
            _kept.move_to_end(key)
        return entry


def _keep(key: tuple[int, Any], entry: dict[str, Any]) -> dict[str, Any]:
    with _kept_lock:
        entry = _kept.setdefault(key, entry)  # another thread may have kept it first: share theirs
        _kept.move_to_end(key)
        while len(_kept) > max(1, settings.COPRODUCE_KEPT_ANALYSES):
            _kept.popitem(last=False)
        return entry


def _kept_snapshot(pk: int, created_at) -> AnalysisSnapshot | None:
    key = (pk, created_at)
    entry = _entry(key)
    if entry is None or "fields" not in entry:
        names = [f.attname for f in AnalysisSnapshot._meta.concrete_fields]
        values = AnalysisSnapshot.objects.filter(pk=pk).values_list(*names).first()
        if values is None:
            return None
        entry = _entry(key) or _keep(key, {})
        entry.setdefault("fields", (names, values))
    names, values = entry["fields"]
    return AnalysisSnapshot.from_db(AnalysisSnapshot.objects.db, names, values)


def derived(snapshot: AnalysisSnapshot, name: str, build: Callable[[dict], T]) -> T:
    """`build(snapshot.data)`, computed once per snapshot in this process and kept with it (see _kept): what a page
    derives from an analysis, such as every statement's figures by id, costs nothing on the next request. The
    result is shared between requests: callers must not change it."""
    key = (snapshot.pk, snapshot.created_at)
    entry = _entry(key) or _keep(key, {})
    if name not in entry:
        entry[name] = build(snapshot.data)
    return entry[name]


def forget_kept_analyses() -> None:
    """Empty this process's kept analyses (tests)."""
    with _kept_lock:
        _kept.clear()


def is_stale(conversation: Conversation, snapshot: AnalysisSnapshot | None) -> bool:
    latest_vote = Vote.objects.filter(conversation=conversation).aggregate(latest=Max("updated_at"))["latest"]
    if snapshot is None:
        return latest_vote is not None or conversation.statements.exists()
    return latest_vote is not None and (snapshot.votes_up_to is None or latest_vote > snapshot.votes_up_to)
