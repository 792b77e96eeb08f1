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
from coproduce.commonground.incremental import StatementNow, statements_now
from coproduce.conversations.models import AnalysisSnapshot, Conversation, Statement, Vote, VoteEvent
from coproduce.core.privacy import small_numbers_threshold


def compute_snapshot(conversation: Conversation) -> AnalysisSnapshot:
    started = time.perf_counter()
    # The time of the latest vote first, then the votes: every vote up to it is read, and a vote newer than it
    # that the read meets anyway (committed in between) is marked, and kept with the snapshot (votes_after), so
    # that the pages know exactly which votes the analysis counted (live_statements: the deltas since it).
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
    table, newer = _read_votes(conversation, votes_up_to)
    participants, statement_ids, values = table[:, 0], table[:, 1], table[:, 2]
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
        votes_after=table[newer].tolist(),
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
    table, _newer = _read_votes(conversation, None)
    return table[:, 0], table[:, 1], table[:, 2]


# Added to the value of a vote newer than the analysis's votes_up_to in its read (_read_votes): the mark costs no
# fourth column over millions of rows.
_NEWER = 4


def _read_votes(conversation: Conversation, newer_than) -> tuple[np.ndarray, np.ndarray]:
    """(the votes as an (n, 3) int64 array of participant, statement, value; a bool array marking the votes stamped
    after `newer_than`, if given)."""
    using = router.db_for_read(Vote)
    connection = connections[using]
    table = connection.ops.quote_name(Vote._meta.db_table)
    column = {f.name: connection.ops.quote_name(f.column) for f in Vote._meta.concrete_fields}
    value, params = column["value"], []
    if newer_than is not None:
        value = f"CASE WHEN {column['updated_at']} > %s THEN {column['value']} + {_NEWER} ELSE {column['value']} END"
        params.append(Vote._meta.get_field("updated_at").get_db_prep_value(newer_than, connection))
    sql = (
        f"SELECT {column['participant']}, {column['statement']}, {value} FROM {table} "
        f"WHERE {column['conversation']} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, conversation.pk])
        table3 = np.fromiter(itertools.chain.from_iterable(cursor), dtype=np.int64).reshape(-1, 3)
    newer = table3[:, 2] > 1
    if newer_than is not None and newer.any():
        table3[newer, 2] -= _NEWER
    return table3, newer


def _same_schema(data: dict) -> bool:
    return str(data.get("schema_version", "")).split(".")[0] == SCHEMA_VERSION.split(".")[0]


def latest_snapshot(
    conversation: Conversation, *, ready: Callable[[AnalysisSnapshot], None] | None = None
) -> AnalysisSnapshot | None:
    """The conversation's latest snapshot. Only its id and time are read from the database (from the index
    snapshot_latest) when this process has read that snapshot before: its stored analysis grows with participants
    (a few MB at 30,000) and every results page, "see all" list and projector poll would otherwise read and parse it
    again. The instance is new on each call; its `data` is shared with other callers and must not be changed.

    ready: what the pages derive from a snapshot (results.ready_for_pages), built once per snapshot in this
    process. With it, a large conversation's new snapshot (settings.COPRODUCE_LIVE_COUNTS_FROM_VOTES) is read and
    prepared in a thread of this process while the pages keep the latest one already prepared here, with the votes
    since it laid over it (live_statements): reading and preparing 30,000 people's analysis takes about a second,
    which each web process would otherwise spend inside a page once per analysis (decision 0024). The latest id is
    read on every call, so a process never keeps an older one longer than its own preparation of the new one."""
    latest = conversation.snapshots.values_list("pk", "created_at").first()
    if latest is None:
        return None
    if ready is not None:
        entry = _entry(latest)
        if entry is None or not entry.get("ready"):
            older = _ready_snapshot_of(conversation.pk)
            if (
                older is not None
                and older.vote_count >= settings.COPRODUCE_LIVE_COUNTS_FROM_VOTES
                and settings.COPRODUCE_PREPARE_IN_BACKGROUND
            ):
                _prepare_in_background(latest, ready)
                older.conversation = conversation
                return older
    snapshot = _kept_snapshot(*latest)
    if snapshot is None:  # deleted in between (its conversation or engagement erased)
        return conversation.snapshots.first()
    snapshot.conversation = conversation  # as the related manager would: no query to reach it again
    if ready is not None:
        _make_ready(snapshot, ready)
    return snapshot


def _make_ready(snapshot: AnalysisSnapshot, ready: Callable[[AnalysisSnapshot], None]) -> None:
    key = (snapshot.pk, snapshot.created_at)
    entry = _entry(key) or _keep(key, {})
    if not entry.get("ready"):
        ready(snapshot)
        entry["ready"] = True


def _ready_snapshot_of(conversation_id: int) -> AnalysisSnapshot | None:
    """The latest snapshot of the conversation that this process has prepared for the pages, if any."""
    with _kept_lock:
        found = [
            entry["fields"]
            for entry in _kept.values()
            if entry.get("ready")
            and "fields" in entry
            and entry["fields"][1][entry["fields"][0].index("conversation_id")] == conversation_id
        ]
    if not found:
        return None
    names, values = max(found, key=lambda fields: (fields[1][fields[0].index("created_at")], fields[1][0]))
    return AnalysisSnapshot.from_db(AnalysisSnapshot.objects.db, names, values)


_preparing: set[tuple[int, Any]] = set()


def _prepare_in_background(key: tuple[int, Any], ready: Callable[[AnalysisSnapshot], None]) -> None:
    """Read and prepare the snapshot `key` in a thread, once at a time per snapshot."""
    with _kept_lock:
        if key in _preparing:
            return
        _preparing.add(key)

    def prepare() -> None:
        try:
            snapshot = _kept_snapshot(*key)
            if snapshot is not None:
                _make_ready(snapshot, ready)
        finally:
            connections.close_all()  # this thread's own connection
            with _kept_lock:
                _preparing.discard(key)

    threading.Thread(target=prepare, name=f"prepare-snapshot-{key[0]}", daemon=True).start()


def wait_for_preparations(timeout: float = 30.0) -> None:
    """Wait until this process's snapshots being prepared in the background are ready (tests, benchmarks)."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread.name.startswith("prepare-snapshot-"):
            thread.join(max(0.0, deadline - time.monotonic()))


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
    """{statement id: its figures now} for the statements of `snapshot` voted on since it (decisions 0023, 0024):
    the snapshot's own counts, overall and in each of its opinion groups, plus the votes since it. Each vote stamped
    after the snapshot's votes_up_to adds its value and takes away what the analysis counted of the same person on
    the same statement: the value it read (the snapshot's votes_after) or else the latest of the vote history up to
    votes_up_to, if any. The voter counts in the group the snapshot gave them (a participant new since it counts
    overall, in no group). The label and probability come from those counts through the engine
    (commonground.incremental.statements_now). One indexed query of the votes since the snapshot, whatever the size
    of the conversation; nothing is kept between requests but what the snapshot itself derives, so every web
    process gives the same answer. Empty when nothing was voted on since."""
    if snapshot is None:
        return {}
    rows = _votes_since(conversation, snapshot)
    if not rows:
        return {}
    base = derived(snapshot, "live", live_base)
    seen = {(p, s): v for p, s, v in snapshot.votes_after or ()}
    deltas = np.zeros((len(rows), 6), dtype=np.int64)  # statement, participant, value now, value counted or 9
    for i, (participant, statement, value, history) in enumerate(rows):
        counted = seen.get((participant, statement), history)
        deltas[i, :4] = (statement, participant, value, 9 if counted is None else counted)
    # Statements new since the analysis are not in it: the next analysis brings them.
    deltas = deltas[np.isin(deltas[:, 0], base.statement_ids)]
    if deltas.shape[0] == 0:
        return {}
    touched = np.unique(deltas[:, 0])
    at_base = np.searchsorted(base.statement_ids, touched)
    counts = base.counts[at_base].copy()
    group_counts = base.group_counts[:, at_base, :].copy()
    position = np.searchsorted(touched, deltas[:, 0])
    if base.participant_ids.size:
        at = np.minimum(np.searchsorted(base.participant_ids, deltas[:, 1]), base.participant_ids.size - 1)
        group = np.where(base.participant_ids[at] == deltas[:, 1], base.participant_group[at], -1)
    else:
        group = np.full(deltas.shape[0], -1)
    placed = group >= 0
    for sign, values, rows_of in ((1, deltas[:, 2], slice(None)), (-1, deltas[:, 3], deltas[:, 3] != 9)):
        column_of = _COLUMN_OF[values[rows_of] + 1]
        np.add.at(counts, (position[rows_of], column_of), sign)
        in_group = placed[rows_of]
        np.add.at(
            group_counts,
            (group[rows_of][in_group], position[rows_of][in_group], column_of[in_group]),
            sign,
        )
    ids = touched.tolist()
    # All at once: one by one, a thousand statements cost a second of NumPy and SciPy calls (profiled at 2 M votes).
    figures = statements_now(ids, counts, group_counts, np.array([base.excluded[sid] for sid in ids], dtype=bool))
    return dict(zip(ids, figures, strict=True))


# vote value + 1 -> column of the engine's counts ([agree, disagree, pass])
_COLUMN_OF = np.array([stats.DISAGREE, stats.PASS, stats.AGREE], dtype=np.int64)


def _votes_since(conversation: Conversation, snapshot: AnalysisSnapshot) -> list[tuple[int, int, int, int | None]]:
    """(participant, statement, value now, value in the history up to the snapshot's votes_up_to or None) of each
    vote stamped after it: from the index (conversation, updated_at), a few seconds' worth of votes, each with one
    lookup of the history by participant. Strictly newer: votes stamped alike (an import stamps every vote with one
    time) are all the analysis's. A vote stamped before the analysis read the latest time but committed after it
    read the votes waits for the next analysis, which the next vote brings.

    The history's lookup is one step down the index vote_event_latest (a person's two votes on one statement are
    never stamped alike). Without that index, PostgreSQL planned it over two indexes, estimated the query costly
    enough to compile it (jit_above_cost), and spent 0.64 s compiling for a few ms of work (EXPLAIN ANALYZE at 2 M
    votes); with it the estimate stays under that threshold up to some 20,000 votes since the analysis."""
    using = router.db_for_read(Vote)
    connection = connections[using]
    quote = connection.ops.quote_name
    vote = {f.name: quote(f.column) for f in Vote._meta.concrete_fields}
    event = {f.name: quote(f.column) for f in VoteEvent._meta.concrete_fields}
    votes, events = quote(Vote._meta.db_table), quote(VoteEvent._meta.db_table)
    since = snapshot.votes_up_to
    if since is None:  # an analysis of no votes: every vote is new to it
        sql = f"SELECT {vote['participant']}, {vote['statement']}, {vote['value']}, NULL FROM {votes} v WHERE v.{vote['conversation']} = %s"
        params: list = [conversation.pk]
    else:
        at = Vote._meta.get_field("updated_at").get_db_prep_value(since, connection)
        sql = (
            f"SELECT v.{vote['participant']}, v.{vote['statement']}, v.{vote['value']}, "
            f"(SELECT e.{event['value']} FROM {events} e WHERE e.{event['participant']} = v.{vote['participant']} "
            f"AND e.{event['statement']} = v.{vote['statement']} AND e.{event['created_at']} <= %s "
            f"ORDER BY e.{event['created_at']} DESC LIMIT 1) "
            f"FROM {votes} v WHERE v.{vote['conversation']} = %s AND v.{vote['updated_at']} > %s"
        )
        params = [at, conversation.pk, at]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@dataclass(frozen=True)
class LiveBase:
    statement_ids: np.ndarray  # sorted
    excluded: dict[int, bool]  # statement id: excluded
    counts: np.ndarray  # (statements, 3): [agree, disagree, pass] of each, in statement_ids' order
    group_counts: np.ndarray  # (groups, statements, 3)
    participant_ids: np.ndarray  # sorted
    participant_group: np.ndarray  # index of each one's group in the snapshot's groups, -1 for none


def live_base(data: dict) -> LiveBase:
    """What live_statements needs of a snapshot, kept with it: its counts, and who is in which group, by position."""
    index_of = {g["id"]: i for i, g in enumerate(data.get("groups", []))}
    participants = data.get("participants", [])
    ids = np.array([p["id"] for p in participants], dtype=np.int64)
    groups = np.array([index_of.get(p.get("group"), -1) for p in participants], dtype=np.int64)
    order = np.argsort(ids, kind="stable")
    statements = sorted(data.get("statements", []), key=lambda s: int(s["id"]))
    counts = np.array([[s["agree"], s["disagree"], s["pass"]] for s in statements], dtype=np.int64).reshape(-1, 3)
    group_counts = np.zeros((len(index_of), len(statements), 3), dtype=np.int64)
    for j, s in enumerate(statements):
        for g in s.get("groups", []):
            if g["group"] in index_of:
                group_counts[index_of[g["group"]], j] = (g["agree"], g["disagree"], g["pass"])
    return LiveBase(
        statement_ids=np.array([int(s["id"]) for s in statements], dtype=np.int64),
        excluded={int(s["id"]): bool(s.get("excluded")) for s in statements},
        counts=counts,
        group_counts=group_counts,
        participant_ids=ids[order],
        participant_group=groups[order],
    )


def is_stale(conversation: Conversation, snapshot: AnalysisSnapshot | None) -> bool:
    latest_vote = Vote.objects.filter(conversation=conversation).aggregate(latest=Max("updated_at"))["latest"]
    if snapshot is None:
        return latest_vote is not None or conversation.statements.exists()
    return latest_vote is not None and (snapshot.votes_up_to is None or latest_vote > snapshot.votes_up_to)
