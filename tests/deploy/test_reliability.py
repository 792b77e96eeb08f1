"""Reliability on loopback (issue 13): the web server under a vote load while its PostgreSQL restarts and Redis is
unreachable the whole time.

Acknowledged votes (2xx/3xx) are never lost, nothing answers 500 (503 with Retry-After while the database is down
is the right answer), and votes succeed again within a few seconds of the database coming back.

The test starts a PostgreSQL of its own (initdb in a temporary folder, its own port) and restarts it: never the
machine's shared one. It is skipped where PostgreSQL's server binaries are not installed.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.deploy.test_two_web_processes import free_port, wait_for

PG_BIN = Path(os.environ.get("COPRODUCE_PG_BIN", "/usr/lib/postgresql/15/bin"))
REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

pytestmark = pytest.mark.skipif(
    not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists(),
    reason=f"needs PostgreSQL's server binaries (initdb, pg_ctl) in {PG_BIN}",
)

THREADS = 4
VOTES_EACH = 90  # 360 votes in all
INTERVAL = 0.1  # seconds between two votes of one thread: the load spans about 9 s
STOP_AT, DOWN_FOR = 2.5, 2.0  # seconds into the load, and how long PostgreSQL stays down
RECOVERY_LIMIT = 5.0  # seconds after PostgreSQL is back within which votes must succeed again

# Run by the web server's own Python, against the test's PostgreSQL: the schema, then an engagement to vote in.
SEED = """
import json, sys, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.utils import timezone
from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Statement
from coproduce.engagements.models import Engagement, Organisation, Participant
from coproduce.engagements.participants import make_token
from tests.conftest import make_engagement

organisation = Organisation.objects.create(slug="glas", name_en="Glas Valley Health Board")
engagement = make_engagement(organisation, "outpatients", Engagement.Visibility.PUBLIC)
conversation = conversation_of(engagement)
statements = [Statement.objects.create(conversation=conversation, text=f"Statement {n}", origin=Statement.Origin.SEED)
              for n in range(int(sys.argv[1]))]
people = [Participant.objects.create(engagement=engagement, consented_at=timezone.now()) for _ in range(int(sys.argv[2]))]
print(json.dumps({"slug": engagement.slug, "statements": [s.pk for s in statements],
                  "people": [[p.pk, make_token([p.public_id])] for p in people]}))
"""


class Postgres:
    """A PostgreSQL cluster of the test's own, run as the `postgres` OS user when the tests run as root."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="coproduce-reliability-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.as_owner: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            if not shutil.which("runuser"):
                pytest.skip("running as root, without runuser to start PostgreSQL as another user")
            shutil.chown(self.dir, "postgres", "postgres")
            self.as_owner = ["runuser", "-u", "postgres", "--"]

    def run(self, *args: str) -> None:
        subprocess.run([*self.as_owner, *args], check=True, capture_output=True, timeout=60)

    def init(self) -> None:
        # --no-sync and fsync=off: speed, and no machine crash is simulated; a killed server still loses nothing
        # that it acknowledged, its WAL being written (not flushed) before each commit returns.
        self.run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--no-instructions",
        )
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.dir}'\n"
                "fsync = off\nfull_page_writes = off\nmax_connections = 50\n"
            )

    def start(self) -> None:
        self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-w", "-t", "30", "start")

    def stop(self, mode: str = "immediate") -> None:
        # immediate: as if the server crashed; it recovers from its WAL when it starts again.
        self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self.stop()
            except subprocess.CalledProcessError:
                pass
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def postgres():
    pg = Postgres()
    try:
        pg.init()
        pg.start()
        import psycopg

        with psycopg.connect(pg.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE coproduce")
        yield pg
    finally:
        pg.remove()


@dataclass
class Attempt:
    sent: float  # seconds from the start of the load
    answered: float
    participant: int
    statement: int
    value: int
    status: int | None  # None: no HTTP answer (connection refused or reset)
    retry_after: str | None


def post(port: int, path: str, body: bytes, headers: dict) -> tuple[int | None, str | None]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, response.headers.get("Retry-After")
    except OSError:
        return None, None
    finally:
        conn.close()


def test_no_acknowledged_vote_is_lost_and_no_500_while_postgres_restarts_and_redis_is_down(postgres, tmp_path):
    secret = secrets.token_urlsafe(50)
    redis_down = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "CI", "DJANGO_ALLOW_ASYNC_UNSAFE"}},
        "DEBUG": "false",  # production settings, as deployed
        "SECRET_KEY": secret,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": postgres.url("coproduce"),
        "DATABASE_CONN_MAX_AGE": "60",  # persistent connections, as in production: the restart breaks them
        "REDIS_URL": redis_down,
        "CELERY_BROKER_URL": redis_down,
        "RATELIMIT_ENABLED": "true",
        "LOG_JSON": "true",
        "LOG_LEVEL": "WARNING",
    }
    people_count = THREADS * VOTES_EACH // 6  # each votes on 6 statements
    seeded = subprocess.run(
        [sys.executable, "-c", SEED, "6", str(people_count)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert seeded.returncode == 0, seeded.stderr
    world = json.loads(seeded.stdout.strip().splitlines()[-1])
    slug = world["slug"]

    port = free_port()
    server_log = tmp_path / "server.log"
    with open(server_log, "w") as log:
        server = subprocess.Popen(
            # As docs/deploy.md runs it: a worker per core, two threads each.
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
                "2",
                "--blocking-threads",
                "2",
                "--log-level",
                "warning",
            ],
            cwd=REPO,
            env=env,
            start_new_session=True,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(port, server)
        # Half the votes through the pages (a browser without JavaScript), half through the API (a kiosk app).
        # Every (participant, statement) pair is voted on once, so each acknowledged vote has one row to find.
        jobs = [
            (pk, token, statement, (1, -1, 0)[(i + j) % 3], (i + j) % 2 == 0)
            for i, (pk, token) in enumerate(world["people"])
            for j, statement in enumerate(world["statements"])
        ]
        forms = {}
        for pk, token in world["people"]:
            # The vote page, once per browser before the load: its CSRF cookie and token.
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
            conn.request("GET", f"/engagements/{slug}/vote/", headers={"Cookie": f"coproduce_participant={token}"})
            response = conn.getresponse()
            page = response.read().decode()
            assert response.status == 200, page[:500]
            csrf_cookie = next(
                h.split(";")[0] for h in response.headers.get_all("Set-Cookie") if h.startswith("csrftoken=")
            )
            forms[pk] = (f"coproduce_participant={token}; {csrf_cookie}", CSRF_FIELD.search(page).group(1))
            conn.close()

        attempts: list[Attempt] = []
        lock = threading.Lock()
        start = time.monotonic()

        def load(share):
            for n, (pk, token, statement, value, by_form) in enumerate(share):
                delay = start + n * INTERVAL - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                sent = time.monotonic() - start
                if by_form:
                    cookie, csrf = forms[pk]
                    status, retry_after = post(
                        port,
                        f"/engagements/{slug}/vote/cast/",
                        urlencode({"csrfmiddlewaretoken": csrf, "statement": statement, "value": value}).encode(),
                        {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
                    )
                else:
                    status, retry_after = post(
                        port,
                        f"/api/v1/engagements/{slug}/votes",
                        json.dumps({"statement": statement, "value": value}).encode(),
                        {"X-Participant-Token": token, "Content-Type": "application/json"},
                    )
                with lock:
                    attempts.append(Attempt(sent, time.monotonic() - start, pk, statement, value, status, retry_after))

        threads = [threading.Thread(target=load, args=(jobs[t::THREADS],)) for t in range(THREADS)]
        for t in threads:
            t.start()
        time.sleep(max(0.0, start + STOP_AT - time.monotonic()))
        stopped_at = time.monotonic() - start
        postgres.stop()
        time.sleep(DOWN_FOR)
        postgres.start()  # returns once it accepts connections again (-w)
        back_at = time.monotonic() - start
        for t in threads:
            t.join(timeout=60)
        assert not any(t.is_alive() for t in threads)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()

    import psycopg

    with psycopg.connect(postgres.url("coproduce")) as conn:
        stored = {
            (p, s): v for p, s, v in conn.execute("SELECT participant_id, statement_id, value FROM conversations_vote")
        }
    acknowledged = [a for a in attempts if a.status is not None and 200 <= a.status < 400]
    lost = [a for a in acknowledged if stored.get((a.participant, a.statement)) != a.value]
    statuses = sorted({a.status for a in attempts}, key=str)
    refused = [a for a in attempts if a.status is not None and a.status not in range(200, 400)]
    after_back = [a for a in acknowledged if a.sent >= back_at]
    recovery = min(a.answered for a in after_back) - back_at if after_back else None
    log = server_log.read_text()
    summary = (
        f"{len(attempts)} votes sent, {len(acknowledged)} acknowledged, {len(lost)} lost, statuses {statuses}; "
        f"PostgreSQL down {stopped_at:.1f}-{back_at:.1f} s; first acknowledged vote {recovery} s after it was back"
    )
    print(summary)

    assert len(attempts) == len(jobs)
    assert lost == [], summary
    assert 500 not in statuses, summary + "\n" + log[-3000:]
    assert None not in statuses, summary  # the server itself never dropped a connection
    # The database outage is answered 503 with Retry-After, and only the database outage.
    assert {a.status for a in refused} <= {503}, summary
    assert all(a.retry_after and a.retry_after.isdigit() for a in refused), summary
    late = [a for a in refused if a.sent > back_at + RECOVERY_LIMIT or a.answered < stopped_at]
    assert late == [], summary
    assert recovery is not None and recovery < RECOVERY_LIMIT, summary
    # The outage was felt (the test tested something), and most votes went through.
    assert refused, summary
    assert len(acknowledged) >= len(jobs) * 0.6, summary
    # Redis down the whole time: warned about, not per request (one warning a minute per process at most).
    assert 0 < log.count("cache_unavailable") <= 2 * 2, log[-3000:]
