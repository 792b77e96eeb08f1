"""Two web processes and a worker against one PostgreSQL and Redis on loopback (architecture.md, "Scaling out").

A participant's browser talks to both web processes in turn, as behind a load balancer: the signed participant
token and the CSRF token made by one are accepted by the other, votes through both land in the one database, and
the worker (fed through Redis) stores an analysis that counts every vote. PostgreSQL only: the processes must
share the test database.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
from django.db import connection
from django.utils import timezone

from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import AnalysisSnapshot, Statement, Vote
from coproduce.engagements.models import Participant
from coproduce.engagements.participants import make_token

pytestmark = pytest.mark.django_db(transaction=True)

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CACHE_URL, BROKER_URL = "redis://127.0.0.1:6379/10", "redis://127.0.0.1:6379/11"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def strong_key(settings) -> str:
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    return settings.SECRET_KEY


def wait_for(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process on port {port} stopped")
        with closing(socket.socket()) as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}")


@pytest.fixture
def stack(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the web processes and the worker must share the test database")
    for url in (CACHE_URL, BROKER_URL):
        redis.Redis.from_url(url).flushdb()
    db = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "CI"}},
        "DEBUG": "false",  # production settings, as deployed
        # Shared by every process, as in a real deployment, and by this one (it signs participant tokens). A strong
        # key: production settings refuse the development one.
        "SECRET_KEY": strong_key(settings),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": CACHE_URL,
        "CELERY_BROKER_URL": BROKER_URL,
        "LOG_LEVEL": "WARNING",
    }
    ports = [free_port(), free_port()]
    processes = [
        # As docs/deploy.md runs it.
        subprocess.Popen(
            [
                str(BIN / "granian"),
                "--interface",
                "wsgi",
                "coproduce.wsgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "1",
                "--log-level",
                "warning",
            ],
            cwd=REPO,
            env=env,
            start_new_session=True,
        )
        for port in ports
    ]
    processes.append(
        subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "coproduce",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=REPO,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
        )
    )
    try:
        for port, process in zip(ports, processes):
            wait_for(port, process)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        for url in (CACHE_URL, BROKER_URL):
            redis.Redis.from_url(url).flushdb()


def request(port: int, method: str, path: str, cookies: dict, body: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    data = None
    if body is not None:
        data = urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    content = response.read().decode()
    for header in response.headers.get_all("Set-Cookie") or []:
        name, value = header.split(";")[0].split("=", 1)
        cookies[name] = value
    conn.close()
    return response.status, content


def test_votes_through_two_web_processes_reach_one_database_and_the_worker(world, stack):
    conversation = conversation_of(world.public)
    statements = [Statement.objects.create(conversation=conversation, text=f"Shared statement {i}") for i in range(8)]
    people = [Participant.objects.create(engagement=world.public, consented_at=timezone.now()) for _ in range(4)]
    slug = world.public.slug
    cast = 0
    for n, person in enumerate(people):
        cookies = {"coproduce_participant": make_token([person.public_id])}
        status, page = request(stack[n % 2], "GET", f"/engagements/{slug}/vote/", cookies)
        assert status == 200
        token = CSRF_FIELD.search(page).group(1)
        for i, statement in enumerate(statements):
            # Alternate the web process on every request: nothing may depend on which one answers.
            status, _ = request(
                stack[(n + i + 1) % 2],
                "POST",
                f"/engagements/{slug}/vote/cast/",
                cookies,
                {"csrfmiddlewaretoken": token, "statement": statement.pk, "value": (1, -1, 0)[(n + i) % 3]},
            )
            assert status == 302
            cast += 1
    assert Vote.objects.filter(conversation=conversation).count() == cast

    deadline = time.monotonic() + 30
    snapshot = None
    while time.monotonic() < deadline:
        snapshot = AnalysisSnapshot.objects.filter(conversation=conversation, vote_count=cast).first()
        if snapshot is not None:
            break
        time.sleep(0.3)
    assert snapshot is not None, "the worker stored no analysis counting every vote within 30 s"
    assert sum(s["agree"] + s["disagree"] + s["pass"] for s in snapshot.data["statements"]) == cast
