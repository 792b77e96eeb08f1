"""The committed demo that browser journeys load (tests/conftest.py, load_committed_demo): on PostgreSQL its rows are
put back from a copy after the first load, and what is put back must be what the command left."""

from __future__ import annotations

import pytest
from django.db import connection

from coproduce.conversations.models import Vote
from coproduce.engagements.models import Organisation
from tests import conftest


def _contents() -> dict[str, list[tuple]]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        contents = {}
        for table in sorted(tables):
            cursor.execute(f"SELECT * FROM {quote(table)}")
            contents[table] = sorted(map(repr, cursor.fetchall()))
        return contents


def test_the_demo_put_back_is_the_demo_the_command_left(transactional_db, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the copy is made on PostgreSQL only; on SQLite each load runs the command")
    monkeypatch.setattr(conftest, "_demo_copy", {})  # this process's copy, if any, is not used: the command runs
    conftest.load_committed_demo()
    left = _contents()
    assert left["engagements_engagement"], "the demo has engagements"
    # What a journey does: rows added, rows taken away.
    Organisation.objects.create(slug="made-by-a-journey", name_en="Made", name_cy="Gwnaed")
    Vote.objects.all().delete()
    conftest.load_committed_demo()  # put back from the copy
    assert _contents() == left
    # The sequences were moved past the rows put back: a new row takes a new id.
    Organisation.objects.create(slug="after-the-demo", name_en="After", name_cy="Wedyn")
