"""What deciding and storing a vote needs, in four SQL statements written once.

A vote is the busiest request of a workshop. Built through the ORM, deciding and storing one cost about 3.3 ms of
CPU in building queries alone (the engagement with its phases 1.2 ms, the participant 0.7 ms, the statement 0.6 ms,
the upsert and history row 0.9 ms, measured on the load benchmark's data), several times the rest of the request.
The same statements written once here cost about 0.1 ms each. They are built from the models' own table and column
names, and the tests run them on SQLite and PostgreSQL. Everything else in the app uses the ORM.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from functools import cache

from django.db import connection
from django.http import Http404, HttpRequest
from django.utils import timezone

from coproduce.conversations.models import Conversation, Statement, Vote, VoteEvent
from coproduce.engagements.access import can_view
from coproduce.engagements.models import Engagement, Participant, Phase
from coproduce.engagements.participants import participant_ids_from_cookie



def _in_model_order(model, names: set[str]) -> tuple[str, ...]:
    # Model.from_db takes the values in the order of the model's fields.
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname in names)


ENGAGEMENT_FIELDS = _in_model_order(Engagement, {"id", "slug", "organisation_id", "visibility", "access_key"})
PHASE_FIELDS = _in_model_order(Phase, {"id", "engagement_id", "starts_on", "ends_on", "state", "features"})


@dataclass(frozen=True)
class VotingPlace:
    """An engagement as a vote sees it: enough to check who may vote and whether voting is open."""

    engagement: Engagement  # only ENGAGEMENT_FIELDS are loaded; others cost a query each
    conversation_id: int
    require_account: bool
    features: frozenset[str]  # switched on today by the engagement's current phases


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
        # One row per phase (or one with no phase): the engagement, its conversation, and each phase's dates.
        "place": (
            f"SELECT {_columns(e, ENGAGEMENT_FIELDS)}, {_columns(c, ('id', 'require_account'))}, {_columns(p, PHASE_FIELDS)} "
            f"FROM {_table(e)} JOIN {_table(c)} ON {_table(c)}.{_column(c, 'engagement')} = {_table(e)}.{_column(e, 'id')} "
            f"LEFT JOIN {_table(p)} ON {_table(p)}.{_column(p, 'engagement')} = {_table(e)}.{_column(e, 'id')} "
            f"WHERE {_table(e)}.{_column(e, 'slug')} = %s"
        ),
        # The account's own participant record comes first, then the browser's (as current_participant chooses).
        "participant": (
            f"SELECT {_column(pa, 'id')}, {_column(pa, 'consented_at')} FROM {_table(pa)} "
            f"WHERE {_column(pa, 'engagement')} = %s AND ({_column(pa, 'user')} = %s OR {_column(pa, 'public_id')} IN ({{ids}})) "
            f"ORDER BY CASE WHEN {_column(pa, 'user')} = %s THEN 0 ELSE 1 END, {_column(pa, 'created_at')} LIMIT 1"
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
    """The engagement a vote is for, if this request may see it; 404 otherwise (as conversation_for_viewing)."""
    with connection.cursor() as cursor:
        cursor.execute(statements()["place"], [slug])
        rows = cursor.fetchall()
    if not rows:
        raise Http404
    n = len(ENGAGEMENT_FIELDS)
    engagement = Engagement.from_db(connection.alias, ENGAGEMENT_FIELDS, _converted(Engagement, ENGAGEMENT_FIELDS, rows[0][:n]))
    if not can_view(request, engagement):
        raise Http404
    phases = [
        Phase.from_db(connection.alias, PHASE_FIELDS, _converted(Phase, PHASE_FIELDS, row[n + 2:]))
        for row in rows if row[n + 2] is not None  # the LEFT JOIN's row for an engagement with no phase
    ]
    return VotingPlace(
        engagement=engagement, conversation_id=rows[0][n], require_account=bool(rows[0][n + 1]),
        features=Phase.features_open(phases, today or timezone.localdate()),
    )


def voting_participant(request: HttpRequest, place: VotingPlace) -> tuple[int, bool] | None:
    """(participant id, has consented) of this browser or account in the engagement, or None."""
    ids = participant_ids_from_cookie(request)
    user_id = request.user.pk if request.user.is_authenticated else None
    if user_id is None and not ids:
        return None
    public_ids = [prepared(Participant, "public_id", pid) for pid in ids] or [prepared(Participant, "public_id", uuid.UUID(int=0))]
    sql = statements()["participant"].replace("{ids}", ", ".join(["%s"] * len(public_ids)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [place.engagement.pk, user_id, *public_ids, user_id])
        row = cursor.fetchone()
    return (row[0], row[1] is not None) if row else None
