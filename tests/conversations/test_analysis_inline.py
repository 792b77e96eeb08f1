"""With no broker, votes lead to a new analysis snapshot inline, at most one run per conversation every 2 seconds;
pages recompute a snapshot that is older than the latest vote."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.cache.backends import base as cache_base
from django.core.cache.backends import locmem
from django.db.models import Max
from django.test import Client
from django.urls import reverse

from coproduce.conversations.access import conversation_of
from coproduce.conversations.actions import do_cast_vote
from coproduce.conversations.models import AnalysisSnapshot, Vote
from coproduce.conversations.tasks import DEBOUNCE_SECONDS, recompute_analysis, schedule_analysis

from .conftest import add_statements


@pytest.fixture
def cache_clock(monkeypatch):
    """Stop the cache's clock (only the cache's) and move it by hand, to pass the debounce window without sleeping."""
    offset = SimpleNamespace(seconds=0.0)
    start = time.time()
    clock = SimpleNamespace(time=lambda: start + offset.seconds)
    monkeypatch.setattr(locmem, "time", clock)
    monkeypatch.setattr(cache_base, "time", clock)
    return offset


def totals(snapshot):
    return sum(s["agree"] + s["disagree"] + s["pass"] for s in snapshot.data["statements"])


def test_no_broker_means_inline(conversation, voter):
    """A task sent to the queue with no broker configured runs at once, in this process: `make run` and the tests
    need no worker. (Asserting the settings' values would pass even if the Celery app did not read them.)"""
    assert not django_settings.CELERY_BROKER_URL, "the premise: the tests run with no broker"
    do_cast_vote(voter(), conversation.statements.first(), Vote.AGREE)
    assert not AnalysisSnapshot.objects.exists()  # the vote's own run waits for a commit, which a test never makes
    recompute_analysis.delay(conversation.pk)
    assert AnalysisSnapshot.objects.get(conversation=conversation).vote_count == 1


def test_votes_give_a_snapshot_debounced(conversation, voter, cache_clock, django_capture_on_commit_callbacks):
    alice, bob = voter(), voter()
    first, second = conversation.statements.all()[:2]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        do_cast_vote(alice, first, Vote.AGREE)
    assert len(callbacks) == 1
    snapshot = AnalysisSnapshot.objects.get(conversation=conversation)
    assert (snapshot.vote_count, snapshot.participant_count, totals(snapshot)) == (1, 1, 1)
    assert snapshot.votes_up_to == Vote.objects.get().updated_at

    # Two more votes within the window: no run at all (one is already done or due).
    cache_clock.seconds = DEBOUNCE_SECONDS - 0.2
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        do_cast_vote(bob, first, Vote.DISAGREE)
        do_cast_vote(bob, second, Vote.PASS)
    assert callbacks == []
    assert AnalysisSnapshot.objects.count() == 1

    # After the window, the next vote runs the analysis again, and it sees every vote so far.
    cache_clock.seconds = DEBOUNCE_SECONDS + 0.2
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        do_cast_vote(alice, second, Vote.AGREE)
        do_cast_vote(alice, first, Vote.DISAGREE)  # a changed vote: still 4 votes
    assert len(callbacks) == 1
    latest = AnalysisSnapshot.objects.latest()
    assert (latest.vote_count, latest.participant_count, totals(latest)) == (4, 2, 4)
    row = next(s for s in latest.data["statements"] if int(s["id"]) == first.pk)
    assert (row["agree"], row["disagree"], row["pass"]) == (0, 2, 0)
    assert AnalysisSnapshot.objects.count() == 2


def test_change_listeners_hear_the_first_change_of_each_window_and_every_forced_one(
    conversation, voter, cache_clock, monkeypatch
):
    """A listener (the open data builds) costs the vote request its cache calls: it is told once per debounce window,
    not at every vote; a change later in the window is found from the database when the open data are read
    (tests/api/test_open_data_builds.py)."""
    from coproduce.conversations import tasks

    heard = []
    monkeypatch.setattr(
        tasks, "change_listeners", [lambda conversation_id, force: heard.append((conversation_id, force))]
    )
    first, second = conversation.statements.all()[:2]
    do_cast_vote(voter(), first, Vote.AGREE)
    do_cast_vote(voter(), second, Vote.AGREE)
    assert heard == [(conversation.pk, False)]
    schedule_analysis(conversation.pk, force=True)  # moderation: inside the window too
    assert heard == [(conversation.pk, False), (conversation.pk, True)]
    cache_clock.seconds = DEBOUNCE_SECONDS + 0.2
    do_cast_vote(voter(), first, Vote.DISAGREE)
    assert heard[-1] == (conversation.pk, False) and len(heard) == 3


def test_two_votes_in_one_window_schedule_one_run(conversation, voter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for statement in conversation.statements.all()[:2]:
            do_cast_vote(voter(), statement, Vote.AGREE)
    assert len(callbacks) == 1
    snapshot = AnalysisSnapshot.objects.get()
    assert snapshot.vote_count == 2  # the run came after both (here: at the end of the transaction)


def test_the_window_is_per_conversation(conversation, world, voter):
    other = conversation_of(world.link)
    assert schedule_analysis(conversation.pk) is True
    assert schedule_analysis(conversation.pk) is False
    assert schedule_analysis(other.pk) is True


def test_a_page_recomputes_a_stale_snapshot(conversation, voter, django_capture_on_commit_callbacks):
    statements = list(conversation.statements.all())
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(6):
            person = voter()
            for j, statement in enumerate(statements):
                do_cast_vote(person, statement, Vote.AGREE if (i + j) % 3 else Vote.DISAGREE)
    assert AnalysisSnapshot.objects.count() == 1
    # A vote inside the window: no run, so the snapshot is stale until someone reads a page.
    with django_capture_on_commit_callbacks(execute=True):
        do_cast_vote(voter(), statements[0], Vote.PASS)
    assert AnalysisSnapshot.objects.count() == 1
    assert Client().get(reverse("conversations:results", args=["outpatients"])).status_code == 200
    latest = AnalysisSnapshot.objects.latest()
    assert latest.vote_count == 6 * len(statements) + 1
    assert latest.votes_up_to == Vote.objects.aggregate(m=Max("updated_at"))["m"]
    # Reading again with nothing new reuses it.
    Client().get(reverse("conversations:results", args=["outpatients"]))
    assert AnalysisSnapshot.objects.count() == 2


def test_new_statements_after_a_snapshot(conversation, voter, django_capture_on_commit_callbacks):
    """The warm start must cope with a previous snapshot of a different shape (more statements, fewer, hidden)."""
    people = [voter() for _ in range(8)]
    statements = list(conversation.statements.all())
    with django_capture_on_commit_callbacks(execute=True):
        for i, person in enumerate(people):
            for j, statement in enumerate(statements):
                do_cast_vote(person, statement, Vote.AGREE if (i + j) % 2 else Vote.DISAGREE)
    more = add_statements(conversation, [f"A later statement {k}." for k in range(5)])
    for round_ in range(3):
        # Each round: the window has passed, more people vote on the new statements.
        cache.clear()
        with django_capture_on_commit_callbacks(execute=True):
            for i, person in enumerate(people[: 3 + round_]):
                do_cast_vote(person, more[round_], Vote.AGREE if i % 2 else Vote.PASS)
        assert AnalysisSnapshot.objects.count() == 2 + round_
    latest = AnalysisSnapshot.objects.latest()
    assert totals(latest) == Vote.objects.count()
