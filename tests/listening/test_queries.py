"""List pages cost the same number of queries with 2 rows or 12: no query inside a loop."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.conversations.access import conversation_of
from coproduce.conversations.actions import do_write_statement
from coproduce.listening.access import settings_of
from coproduce.listening.models import NotesAccess, Theme
from tests.listening.conftest import make_challenge, make_conversation

PAGES = [
    ("sam", "listening_staff:conversations"),
    ("mo", "listening_staff:conversations"),
    ("fran", "listening_staff:challenges"),
    ("fran", "listening_staff:themes"),
    ("mo", "listening_staff:mentor"),
    ("alice", "listening_staff:access_log"),
    ("anon", "listening:themes"),
]


def add_rows(w, n: int) -> None:
    conversation_in_db = conversation_of(w.public)
    for i in range(n):
        theme = Theme.objects.create(engagement=w.public, name=f"Theme {Theme.objects.count()}")
        conversation = make_conversation(
            w.public, w.sam, perspective=w.public.perspectives.all()[i % 3], team=f"Team {i}"
        )
        challenge = make_challenge(
            conversation, f"Challenge {conversation.pk}", theme, w.themes["public"], raised_to_mentor=True
        )
        statement = do_write_statement(
            conversation_in_db, f"Statement {conversation.pk}", author=None, origin="listening", actor=w.fran
        )
        challenge.statement = statement
        challenge.save()
        theme.statements.add(statement)
        NotesAccess.objects.create(engagement=w.public, conversation=conversation, user=w.mo, reason="mentor")


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(("persona", "name"), PAGES)
def test_list_pages_do_not_grow_with_rows(listening, client, persona, name):
    w = listening
    settings_of(w.public).__class__.objects.filter(engagement=w.public).update(themes_published=True)
    if persona != "anon":
        client.force_login(getattr(w, persona))
    url = reverse(name, args=[w.public.slug])
    add_rows(w, 2)
    client.get(url)  # warm the session and caches alike for both counts
    small = count_queries(client, url)
    add_rows(w, 10)
    large = count_queries(client, url)
    assert large == small, f"{name}: {small} queries with few rows, {large} with ten more"
    assert small <= 16, f"{name}: {small} queries"
