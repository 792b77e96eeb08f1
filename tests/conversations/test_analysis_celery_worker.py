"""With the real Redis at 127.0.0.1:6379 and a real Celery worker process: votes → task → a new snapshot.

PostgreSQL only: the worker is another process and must see the test database; pytest-django's SQLite test
database lives in memory in this process. Redis database 15 is used as the broker and flushed before and after.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import redis
from django.db import connection

from coproduce.conversations.access import conversation_of
from coproduce.conversations.actions import do_cast_vote
from coproduce.conversations.models import AnalysisSnapshot, Vote
from coproduce.conversations.tasks import DEBOUNCE_SECONDS, recompute_analysis

from .conftest import SEED_TEXTS, add_statements

BROKER_URL = "redis://127.0.0.1:6379/15"
REPO = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 30

pytestmark = pytest.mark.django_db(transaction=True)


def forget_producer_pool(app) -> None:
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the worker process cannot see SQLite's in-memory test database")
    client = redis.Redis.from_url(BROKER_URL, socket_connect_timeout=2)
    client.ping()  # the real Redis must be there: a failure here is a failure, not a skip
    client.flushdb()
    from coproduce.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.broker_url = BROKER_URL
    app.conf.task_always_eager = False
    # The app keeps its producer pool, made for the broker it had when first used: an earlier test in this process
    # that sent a task (even inline) made one for the default broker, where this test's tasks would then go.
    forget_producer_pool(app)
    assert recompute_analysis.app is app  # the task is bound to our app, whichever app Celery thinks is current
    yield app
    app.conf.update(saved)
    forget_producer_pool(app)
    client.flushdb()
    client.close()


@pytest.fixture
def worker(broker):
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "CELERY_BROKER_URL": BROKER_URL,
        "DATABASE_URL": url,
        "DATABASE_CONN_MAX_AGE": "0",
        "DJANGO_SETTINGS_MODULE": "coproduce.settings",
        "DEBUG": "true",
    }
    env.pop("REDIS_URL", None)
    log = tempfile.NamedTemporaryFile("w+", prefix="celery-worker-", suffix=".log", delete=False)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "coproduce",
            "worker",
            "--pool",
            "solo",
            "--concurrency",
            "1",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log_path = log.name
    yield process
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
    log.close()
    os.unlink(log.name)


def test_votes_reach_a_worker_that_stores_a_snapshot(world, voter, worker):
    conversation = conversation_of(world.public)
    statements = add_statements(conversation, SEED_TEXTS)
    people = [voter() for _ in range(6)]
    for i, person in enumerate(people):
        for j, statement in enumerate(statements):
            do_cast_vote(person, statement, Vote.AGREE if (i + j) % 3 else Vote.DISAGREE)
    cast = len(people) * len(statements)
    # Nothing ran here: the task went to the broker (the worker runs it DEBOUNCE_SECONDS later).
    assert not AnalysisSnapshot.objects.exists()

    deadline = time.monotonic() + WAIT_SECONDS
    snapshot = None
    while time.monotonic() < deadline and worker.poll() is None:
        snapshot = AnalysisSnapshot.objects.filter(conversation=conversation).first()
        if snapshot is not None:
            break
        time.sleep(0.25)
    log = Path(worker.log_path).read_text()
    assert worker.poll() is None, f"the worker stopped:\n{log}"
    assert snapshot is not None, f"no snapshot within {WAIT_SECONDS} s; worker log:\n{log}"
    assert "recompute_analysis" in log
    # One debounced run, after every vote of the burst.
    assert snapshot.vote_count == cast
    assert snapshot.participant_count == len(people)
    assert sum(s["agree"] + s["disagree"] + s["pass"] for s in snapshot.data["statements"]) == cast
    time.sleep(DEBOUNCE_SECONDS + 0.5)  # a second run (no debounce) would have landed by now
    assert AnalysisSnapshot.objects.filter(conversation=conversation).count() == 1
