"""What deciding and storing a vote needs, in plain SQL written once: two statements on PostgreSQL, three on SQLite.

A vote is the busiest request of a workshop. Through the ORM, deciding and storing one cost about 3.3 ms of CPU in
building its queries alone (measured on the load benchmark's data), several times the rest of the request. Here one
statement reads the engagement, its conversation, its phases and the voter; do_cast_vote (conversations.actions)
stores the vote and its history row with the others. Each costs about 0.1 ms. They are built from the models' own
table and column names, values pass through the ORM's own converters, and the permission and phase rules are the
ones every other page uses. The tests run them on SQLite and PostgreSQL. Everything else in the app uses the ORM.
docs/decisions/0009-web-server.md has the measurements and the options not taken.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest
from django.utils import timezone

from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Conversation, Statement, Vote, VoteEvent
from coproduce.engagements.access import can_view
from coproduce.engagements.models import Engagement, Participant, Phase
from coproduce.engagements.participants import participant_ids_from_cookie


def _in_model_order(model, names: set[str]) -> tuple[str, ...]:
    # Model.from_db takes the values in the order of the model's fields.
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname in names)


# With the title and question in both languages: the vote page shows them.
ENGAGEMENT_FIELDS = _in_model_order(
    Engagement,
    {
        "id",
        "slug",
        "organisation_id",
        "visibility",
        "access_key",
        *(f"{name}_{code}" for name in ("title", "question") for code, _label in settings.LANGUAGES),
    },
)
CONVERSATION_FIELDS = ("id", "require_account", "participants_can_write")  # read by position below
PHASE_FIELDS = _in_model_order(Phase, {"id", "engagement_id", "starts_on", "ends_on", "state", "features"})
VOTER_FIELDS = ("id", "user_id", "consented_at", "created_at")  # not Model.from_db's order: read by position below


@dataclass(frozen=True)
class VotingPlace:
    """An engagement as a vote sees it: enough to check who may vote and whether voting is open."""

    engagement: Engagement  # only ENGAGEMENT_FIELDS are loaded; others cost a query each
    conversation: Conversation  # only its id is loaded
    require_account: bool
    participants_can_write: bool
    features: frozenset[str]  # switched on today by the engagement's current phases
    voter: Participant | None  # this browser's or account's participant (id and consented_at only), if any


def _columns(model, names) -> str:
    return ", ".join(f"{_table(model)}.{connection.ops.quote_name(model._meta.get_field(n).column)}" for n in names)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def statements() -> dict[str, str]:
    return _sql(connection.vendor)


@cache
def _sql(vendor: str) -> dict[str, str]:
    """The statements, built once per database vendor from the models' names."""
    e, c, p, s, v, h, pa = Engagement, Conversation, Phase, Statement, Vote, VoteEvent, Participant
    vote_columns = ("conversation", "participant", "statement", "value", "is_assisted")
    sql = {
        # One row per phase and participant record of this browser or account (LEFT JOINs, so at least one row):
        # the engagement, its conversation (made when first needed: conversations.access.conversation_of), each
        # phase's dates and each participant record. {ids} stands for
        # as many placeholders as the browser's cookie names participants.
        "place": (
            f"SELECT {_columns(e, ENGAGEMENT_FIELDS)}, {_columns(c, CONVERSATION_FIELDS)}, {_columns(p, PHASE_FIELDS)}, "
            f"{_columns(pa, VOTER_FIELDS)} "
            f"FROM {_table(e)} LEFT JOIN {_table(c)} ON {_table(c)}.{_column(c, 'engagement')} = {_table(e)}.{_column(e, 'id')} "
            f"LEFT JOIN {_table(p)} ON {_table(p)}.{_column(p, 'engagement')} = {_table(e)}.{_column(e, 'id')} "
            f"LEFT JOIN {_table(pa)} ON {_table(pa)}.{_column(pa, 'engagement')} = {_table(e)}.{_column(e, 'id')} "
            f"AND ({_table(pa)}.{_column(pa, 'user')} = %s OR {_table(pa)}.{_column(pa, 'public_id')} IN ({{ids}})) "
            f"WHERE {_table(e)}.{_column(e, 'slug')} = %s"
        ),
        # The upsert reads the statement in the same statement: a statement hidden a moment ago stores nothing.
        "upsert": (
            f"INSERT INTO {_table(v)} ({', '.join(_column(v, n) for n in vote_columns)}, {_column(v, 'updated_at')}) "
            f"SELECT %s, %s, {_column(s, 'id')}, %s, %s, %s FROM {_table(s)} "
            f"WHERE {_column(s, 'id')} = %s AND {_column(s, 'conversation')} = %s AND {_column(s, 'status')} = %s "
            f"ON CONFLICT ({_column(v, 'participant')}, {_column(v, 'statement')}) DO UPDATE SET "
            + ", ".join(f"{_column(v, n)} = excluded.{_column(v, n)}" for n in ("value", "is_assisted", "updated_at"))
        ),
        "history": (
            f"INSERT INTO {_table(h)} ({', '.join(_column(h, n) for n in vote_columns)}, {_column(h, 'created_at')}) "
            f"VALUES (%s, %s, %s, %s, %s, %s)"
        ),
    }
    if vendor == "postgresql":
        # PostgreSQL does both in one statement, atomic on its own: one round trip instead of four (BEGIN, the
        # upsert, the history row, COMMIT). SQLite has no INSERT inside WITH, so there the two run in a transaction.
        sql["vote"] = (
            f"WITH stored AS ({sql['upsert']} RETURNING {', '.join(_column(v, n) for n in vote_columns)}, {_column(v, 'updated_at')}) "
            f"INSERT INTO {_table(h)} ({', '.join(_column(h, n) for n in vote_columns)}, {_column(h, 'created_at')}) "
            f"SELECT * FROM stored"
        )
    return sql


def _converted(model, names, values) -> list:
    """Values as the ORM would give them (dates, JSON, UUIDs differ by database): the same converters it uses."""
    out = []
    for (field, column), value in zip(_fields_and_columns(model, names), values):
        for convert in connection.ops.get_db_converters(column) + field.get_db_converters(connection):
            value = convert(value, column, connection)
        out.append(value)
    return out


@cache
def _fields_and_columns(model, names: tuple[str, ...]) -> list:
    return [(field, field.get_col(model._meta.db_table)) for field in map(model._meta.get_field, names)]


def prepared(model, field: str, value):
    """A value as the database takes it for the model's field (UUIDs and datetimes differ by database)."""
    return model._meta.get_field(field).get_db_prep_value(value, connection)


def voting_place(request: HttpRequest, slug: str, today: dt.date | None = None) -> VotingPlace:
    """The engagement a vote is for and who votes, if this request may see it; 404 otherwise (as
    conversation_for_viewing)."""
    ids = participant_ids_from_cookie(request)
    user_id = request.user.pk if request.user.is_authenticated else None
    # With no cookie, a placeholder id that no participant has keeps the SQL valid.
    public_ids = [prepared(Participant, "public_id", pid) for pid in ids or [uuid.UUID(int=0)]]
    sql = statements()["place"].replace("{ids}", ", ".join(["%s"] * len(public_ids)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, *public_ids, slug])
        rows = cursor.fetchall()
    if not rows:
        raise Http404
    n = len(ENGAGEMENT_FIELDS)
    k = n + len(CONVERSATION_FIELDS)
    m = k + len(PHASE_FIELDS)
    engagement = Engagement.from_db(
        connection.alias, ENGAGEMENT_FIELDS, _converted(Engagement, ENGAGEMENT_FIELDS, rows[0][:n])
    )
    if not can_view(request, engagement):
        raise Http404
    phases = {
        row[k]: Phase.from_db(connection.alias, PHASE_FIELDS, _converted(Phase, PHASE_FIELDS, row[k:m]))
        for row in rows
        if row[k] is not None  # None: the engagement has no phase
    }
    # The account's own participant record comes first, then the browser's earliest (as current_participant).
    records = {row[m]: row[m:] for row in rows if row[m] is not None}
    chosen = min(records.values(), key=lambda r: (r[1] != user_id or user_id is None, r[3], r[0]), default=None)
    conversation_id, require_account, can_write = rows[0][n:k]
    if conversation_id is None:  # a new engagement: its conversation is made now, as every conversation page does
        made = conversation_of(engagement)
        conversation_id, require_account, can_write = made.pk, made.require_account, made.participants_can_write
    return VotingPlace(
        engagement=engagement,
        conversation=Conversation(pk=conversation_id, engagement_id=engagement.pk),
        require_account=bool(require_account),
        participants_can_write=bool(can_write),
        features=Phase.features_open(phases.values(), today or timezone.localdate()),
        voter=Participant(pk=chosen[0], consented_at=chosen[2]) if chosen else None,
    )
