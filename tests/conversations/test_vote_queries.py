"""A vote costs a small, fixed number of queries: it is the busiest request of a workshop.

The engagement with its conversation, phases and the voter's participant record (one statement), then the upsert (which checks the
statement is published) with the history row: one statement on PostgreSQL; on SQLite two, in a transaction
(SAVEPOINT/RELEASE inside a test's transaction). conversations/ballot.py says why this request uses plain SQL.
"""

from __future__ import annotations

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from coproduce.conversations.models import Vote, VoteEvent
from coproduce.engagements.models import Phase

from .conftest import client_of

VOTE_URL = reverse("conversations:vote", args=["outpatients"])
VOTE_QUERIES = 2 if connection.vendor == "postgresql" else 5
# The engagement, phases and voter; the latest snapshot's id; published and voted statement ids; the one chosen.
PAGE_QUERIES = 5


def test_a_vote_costs_a_fixed_number_of_queries(conversation, voter, world, django_assert_num_queries):
    participant = voter()
    browser = client_of(participant)
    first, second = conversation.statements.all()[:2]
    assert browser.post(VOTE_URL, {"statement": first.pk, "value": "1"}).status_code == 302
    # More phases and perspectives must not cost more: the vote reads the phases once and never the perspectives.
    today = timezone.localdate()
    for kind in list(Phase.Kind)[1:]:
        Phase.objects.create(engagement=world.public, kind=kind, starts_on=today, ends_on=today)
    for n in range(5):
        world.public.perspectives.create(name_en=f"Perspective {n}")
    with django_assert_num_queries(VOTE_QUERIES):
        response = browser.post(VOTE_URL, {"statement": second.pk, "value": "-1"})
    assert response.status_code == 302
    assert Vote.objects.get(participant=participant, statement=second).value == Vote.DISAGREE
    assert VoteEvent.objects.filter(participant=participant).count() == 2


def test_changing_a_vote_costs_no_more(conversation, voter, django_assert_num_queries):
    participant = voter()
    browser = client_of(participant)
    statement = conversation.statements.first()
    browser.post(VOTE_URL, {"statement": statement.pk, "value": "1"})
    with django_assert_num_queries(VOTE_QUERIES):
        response = browser.post(VOTE_URL, {"statement": statement.pk, "value": "0", "next": "my-votes"})
    assert response.status_code == 302
    assert Vote.objects.get(participant=participant, statement=statement).value == Vote.PASS


def test_the_vote_page_costs_the_same_for_more_statements(conversation, voter):
    """Loaded after every vote: no query per statement (a deferred column read per row once cost one each)."""
    from django.test.utils import CaptureQueriesContext

    from coproduce.conversations.analysis import compute_snapshot

    from .conftest import add_statements

    page = reverse("conversations:vote_page", args=["outpatients"])
    browser = client_of(voter())
    compute_snapshot(conversation)  # the page reads the snapshot's routing priorities
    browser.get(page)  # the first load also reads the snapshot's priorities; later loads know them
    counts = []
    for more in (0, 20):
        add_statements(conversation, [f"Another statement, number {more + n}." for n in range(more)])
        with CaptureQueriesContext(connection) as queries:
            assert browser.get(page).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == PAGE_QUERIES, counts
