"""Adapter between the database and the common-ground engine: rows in, snapshot out.

The engine (coproduce.commonground) knows nothing of Django; this module reads the current votes in one
query, runs the engine, and stores its JSON-serialisable result as an AnalysisSnapshot.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from django.conf import settings
from django.db import connections, router
from django.db.models import Max

from coproduce.commonground import SCHEMA_VERSION, Analysis, Votes, analyse, stats
from coproduce.commonground.incremental import StatementNow, statement_now
from coproduce.conversations.models import AnalysisSnapshot, Conversation, Statement, Vote
from coproduce.core.privacy import small_numbers_threshold


def compute_snapshot(conversation: Conversation) -> AnalysisSnapshot:
    started = time.perf_counter()
    # The time of the latest vote first, then the votes: every vote up to it is read (a vote newer than it may be
    # read too; the live counts recount whole statements, so a vote seen twice is not counted twice).
    votes_up_to = Vote.objects.filter(conversation=conversation).aggregate(latest=Max("updated_at"))["latest"]
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
    participants, statement_ids, values = read_votes(conversation)
    votes = Votes.from_events(
        participants, statement_ids, values, statements=np.array([pk for pk, _status in statements], dtype=np.int64)
    )
    # The previous analysis as this process keeps it (a worker keeps the one it made last: no JSON read or parse).
    previous_snapshot = latest_snapshot(conversation)
    previous = None
    if previous_snapshot is not None and _same_schema(previous_snapshot.data):
        # Otherwise written by another engine version: start afresh rather than fail on every run.
        previous = derived(previous_snapshot, "analysis", Analysis.from_dict)
    analysis = analyse(
        votes,
        excluded=excluded,
        perspectives=perspectives,
        previous=previous,
        seed=conversation.pk,
        perspective_min_cell=small_numbers_threshold(),
    )
    snapshot = AnalysisSnapshot.objects.create(
        conversation=conversation,
        data=analysis.to_dict(),
        vote_count=votes.n_votes,
        participant_count=votes.n_participants,  # the ids come from the votes: every participant here voted
        votes_up_to=votes_up_to,
        duration_ms=int((time.perf_counter() - started) * 1000),
    )
    # Kept as if read back, with the Analysis itself: the next run here warm-starts from it without parsing it.
    names = [f.attname for f in AnalysisSnapshot._meta.concrete_fields]
    _keep(
        (snapshot.pk, snapshot.created_at),
        {"fields": (names, tuple(getattr(snapshot, name) for name in names)), "analysis": analysis},
    )
    return snapshot


def read_votes(conversation: Conversation) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The conversation's votes as three int64 arrays (participant id, statement id, value), read with a plain
    cursor straight into one array: at 2 M votes the ORM's values_list and the lists built from it cost seconds
    (docs/benchmarks.md, "Freshness after a vote"); numpy.fromiter over the cursor keeps no row once read. Rows in no
    particular order (there is one vote per participant and statement)."""
    using = router.db_for_read(Vote)
    connection = connections[using]
    table = connection.ops.quote_name(Vote._meta.db_table)
    column = {f.name: connection.ops.quote_name(f.column) for f in Vote._meta.concrete_fields}
    sql = (
        f"SELECT {column['participant']}, {column['statement']}, {column['value']} FROM {table} "
        f"WHERE {column['conversation']} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [conversation.pk])
        table3 = np.fromiter(itertools.chain.from_iterable(cursor), dtype=np.int64).reshape(-1, 3)
    return table3[:, 0], table3[:, 1], table3[:, 2]


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


def live_statements(conversation: Conversation, snapshot: AnalysisSnapshot | None) -> dict[int, StatementNow]:
    """{statement id: its figures now} for the statements of `snapshot` voted on since it (decision 0023): each
    is recounted from the votes table, every voter in the opinion group the snapshot gave them (a participant new
    since it counts overall, in no group), and its label and probability computed from those counts by the engine
    (commonground.incremental.statement_now). Nothing is kept between requests but what the snapshot itself
    derives, so every web process gives the same answer; the map and the groups stay the snapshot's until the
    next analysis. Empty when nothing was voted on since."""
    if snapshot is None:
        return {}
    votes = Vote.objects.filter(conversation=conversation)
    if snapshot.votes_up_to is not None:
        # Strictly newer: votes stamped alike (an import stamps every vote with one time) are all the analysis's.
        # A vote stamped just before the analysis read the latest time but committed after it read the votes
        # waits for the next analysis, which the next vote brings.
        votes = votes.filter(updated_at__gt=snapshot.votes_up_to)
    base = derived(snapshot, "live", _live_base)
    # From the index (conversation, updated_at): the statements of the votes since the snapshot, a few seconds'
    # worth; none when the analysis is up to date (its own figures are shown: its probability allows for
    # uncertain membership).
    touched = sorted(set(votes.order_by().values_list("statement_id", flat=True).distinct()) & base.statements.keys())
    if not touched:
        return {}
    using = router.db_for_read(Vote)
    connection = connections[using]
    table = connection.ops.quote_name(Vote._meta.db_table)
    column = {f.name: connection.ops.quote_name(f.column) for f in Vote._meta.concrete_fields}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column['statement']}, {column['participant']}, {column['value']} FROM {table} "
            f"WHERE {column['conversation']} = %s AND {column['statement']} IN ({', '.join(['%s'] * len(touched))})",
            [conversation.pk, *touched],
        )
        rows = np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, 3)
    position = np.searchsorted(np.asarray(touched, dtype=np.int64), rows[:, 0])
    at = np.minimum(np.searchsorted(base.participant_ids, rows[:, 1]), max(base.participant_ids.size - 1, 0))
    known = base.participant_ids.size > 0
    group = (
        np.where(base.participant_ids[at] == rows[:, 1], base.participant_group[at], -1)
        if known
        else np.full(rows.shape[0], -1)
    )
    column_of = np.array([stats.DISAGREE, stats.PASS, stats.AGREE])[rows[:, 2] + 1]
    counts = np.zeros((len(touched), 3), dtype=np.int64)
    np.add.at(counts, (position, column_of), 1)
    group_counts = np.zeros((base.n_groups, len(touched), 3), dtype=np.int64)
    placed = group >= 0
    np.add.at(group_counts, (group[placed], position[placed], column_of[placed]), 1)
    return {
        sid: statement_now(sid, counts[i], group_counts[:, i, :], base.statements[sid]) for i, sid in enumerate(touched)
    }


@dataclass(frozen=True)
class _LiveBase:
    statements: dict[int, bool]  # statement id: excluded
    participant_ids: np.ndarray  # sorted
    participant_group: np.ndarray  # index of each one's group in the snapshot's groups, -1 for none
    n_groups: int


def _live_base(data: dict) -> _LiveBase:
    """What live_statements needs of a snapshot, kept with it: who is in which group, by position."""
    index_of = {g["id"]: i for i, g in enumerate(data.get("groups", []))}
    participants = data.get("participants", [])
    ids = np.array([p["id"] for p in participants], dtype=np.int64)
    groups = np.array([index_of.get(p.get("group"), -1) for p in participants], dtype=np.int64)
    order = np.argsort(ids, kind="stable")
    return _LiveBase(
        statements={int(s["id"]): bool(s.get("excluded")) for s in data.get("statements", [])},
        participant_ids=ids[order],
        participant_group=groups[order],
        n_groups=len(index_of),
    )


def is_stale(conversation: Conversation, snapshot: AnalysisSnapshot | None) -> bool:
    latest_vote = Vote.objects.filter(conversation=conversation).aggregate(latest=Max("updated_at"))["latest"]
    if snapshot is None:
        return latest_vote is not None or conversation.statements.exists()
    return latest_vote is not None and (snapshot.votes_up_to is None or latest_vote > snapshot.votes_up_to)
