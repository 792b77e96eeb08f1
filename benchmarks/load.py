"""Load benchmark: participants casting votes through the real web stack.

gunicorn (production settings) + PostgreSQL + Redis (cache and broker) + one Celery worker, all on 127.0.0.1;
a bounded load generator (threads in a few processes, keep-alive HTTP) casts votes the way a browser without
JavaScript does (POST the vote form, follow nothing). Reports votes per second, p50/p99 latency, and checks that
every acknowledged vote is in the database.

    .venv/bin/python benchmarks/load.py                       # defaults below
    .venv/bin/python benchmarks/load.py --participants 400 --votes-each 25 --clients 32

Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/coproduce_bench — created if
missing) and Redis at 127.0.0.1:6379 (databases 12 and 13 are flushed). Rate limits are switched off for the run:
the benchmark measures capacity, and every simulated participant votes faster than a person can.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/coproduce_bench"
SLUG = "load-benchmark"


def server_env(database_url: str, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CI"}}
    env.update(
        DEBUG="false",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        REDIS_URL="redis://127.0.0.1:6379/12",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/13",
        SECURE_SSL_REDIRECT="false",
        RATELIMIT_ENABLED="false",
        LOG_LEVEL="WARNING",
        DATABASE_CONN_MAX_AGE="600",
    )
    return env


def web_server_command(args) -> list[str]:
    if args.server == "granian":
        return [str(VENV_BIN / "granian"), "--interface", "wsgi", "coproduce.wsgi:application", "--host", "127.0.0.1",
                "--port", str(args.port), "--workers", str(args.web_workers), "--blocking-threads", str(args.web_threads),
                "--log-level", "warning"]
    return [str(VENV_BIN / "gunicorn"), "coproduce.wsgi", "--bind", f"127.0.0.1:{args.port}", "--workers",
            str(args.web_workers), "--threads", str(args.web_threads), "--worker-class", "gthread", "--keep-alive", "30",
            "--log-level", "warning"]


def ensure_database(database_url: str) -> None:
    import psycopg

    url = urlparse(database_url)
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


SETUP = r"""
import json, sys
import django
django.setup()
from django.utils import timezone
from coproduce.conversations.models import Conversation, Statement
from coproduce.engagements.models import Engagement, Organisation, Participant, Phase
from coproduce.engagements.participants import make_token
n_participants, n_statements = int(sys.argv[1]), int(sys.argv[2])
org = Organisation.objects.create(slug="bench", name_en="Benchmark")
engagement = Engagement.objects.create(organisation=org, slug="%s", title_en="Load benchmark",
    question_en="What matters to you?", visibility="public")
today = timezone.localdate()
Phase.objects.create(engagement=engagement, kind="listen", starts_on=today, ends_on=today, state="open",
    features=["statements", "voting"])
conversation = Conversation.objects.create(engagement=engagement)
statements = Statement.objects.bulk_create(
    Statement(conversation=conversation, text=f"Benchmark statement number {i}", normalised=f"benchmark statement number {i}")
    for i in range(n_statements))
now = timezone.now()
participants = Participant.objects.bulk_create(Participant(engagement=engagement, consented_at=now) for _ in range(n_participants))
print(json.dumps({"statements": [s.pk for s in statements],
                  "tokens": [make_token([p.public_id]) for p in participants]}))
""" % SLUG

VERIFY = r"""
import json
import django
django.setup()
from coproduce.conversations.models import Vote, VoteEvent, AnalysisSnapshot
print(json.dumps({"votes": Vote.objects.count(), "events": VoteEvent.objects.count(),
                  "pairs": [[v.participant.public_id.hex, v.statement_id, v.value] for v in Vote.objects.select_related("participant")],
                  "snapshots": AnalysisSnapshot.objects.count()}))
"""


def run_django(code: str, env: dict, *args: str) -> dict:
    out = subprocess.run([str(VENV_BIN / "python"), "-c", code, *args], env={**env, "DJANGO_SETTINGS_MODULE": "coproduce.settings"},
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listening on 127.0.0.1:{port}")


def cpu_seconds(web: int, worker: int) -> dict[str, float]:
    """CPU time used so far, from /proc: by the web server's and the worker's processes (each started in a session
    of its own), by PostgreSQL and by Redis (by process name), and by the whole machine (/proc/stat).

    On a shared machine throughput moves with other people's work; the CPU a vote costs each part does not much.
    """
    ticks = {"web": 0, "worker": 0, "postgresql": 0, "redis": 0}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended while we looked
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text.rsplit(")", 1)[1].split()  # [3] the session id; [11] and [12] user and system time in ticks
        used = int(fields[11]) + int(fields[12])
        session = int(fields[3])
        if session == web:
            ticks["web"] += used
        elif session == worker:
            ticks["worker"] += used
        elif name.startswith("postgres"):
            ticks["postgresql"] += used
        elif name.startswith("redis-server"):
            ticks["redis"] += used
    machine = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    # user nice system idle iowait irq softirq steal: all but idle and iowait were spent on something.
    ticks["machine"] = sum(int(x) for i, x in enumerate(machine[:8]) if i not in (3, 4))
    return {k: v / os.sysconf("SC_CLK_TCK") for k, v in ticks.items()}


CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def client_process(port: int, jobs: list[tuple[str, list[tuple[int, int]]]], threads: int, deadline: float, queue) -> None:
    """Each thread takes participants from the list and casts their votes over one keep-alive connection."""
    import threading

    cpu_started = time.process_time()  # this process's CPU, all its threads
    lock = threading.Lock()
    pending = list(jobs)
    results: list[tuple[float, int, str, int, int]] = []  # (latency s, status, token, statement, value)

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                if not pending:
                    break
                token, votes = pending.pop()
            # One GET, as a browser would, for the CSRF token of the vote form.
            conn.request("GET", f"/engagements/{SLUG}/vote/", headers={"Cookie": f"coproduce_participant={token}"})
            response = conn.getresponse()
            body = response.read()
            csrf_cookie = next((c.split(";")[0].split("=", 1)[1] for c in response.headers.get_all("Set-Cookie") or []
                                if c.startswith("csrftoken=")), None)
            match = CSRF_FIELD.search(body)
            if response.status != 200 or not csrf_cookie or not match:
                results.append((0.0, response.status, token, -1, 0))
                continue
            form_token = match.group(1).decode()
            cookie = f"coproduce_participant={token}; csrftoken={csrf_cookie}"
            for statement, value in votes:
                if time.monotonic() >= deadline:
                    break
                body = urlencode({"csrfmiddlewaretoken": form_token, "statement": statement, "value": value})
                started = time.perf_counter()
                conn.request("POST", f"/engagements/{SLUG}/vote/cast/", body=body, headers={
                    "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded",
                    "Referer": f"http://127.0.0.1:{port}/engagements/{SLUG}/vote/"})
                response = conn.getresponse()
                response.read()
                results.append((time.perf_counter() - started, response.status, token, statement, value))
        conn.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    queue.put((results, time.process_time() - cpu_started))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=400)
    parser.add_argument("--statements", type=int, default=60)
    parser.add_argument("--votes-each", type=int, default=25)
    parser.add_argument("--clients", type=int, default=32, help="concurrent simulated browsers (threads)")
    parser.add_argument("--client-processes", type=int, default=2)
    # One worker process per core, threads to overlap each request's waits on PostgreSQL and Redis: on 2 cores
    # 2 × 8 beat 3 × 4, 4 × 2 and 2 × 16 in throughput and in web CPU per vote (see write_docs).
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--web-threads", type=int, default=8, help="threads per gunicorn worker")
    parser.add_argument("--server", choices=["gunicorn", "granian"], default="gunicorn")
    parser.add_argument("--max-seconds", type=float, default=120, help="the load stops after this, whatever is left")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--write-docs", action="store_true", help="rewrite the load section of docs/benchmarks.md")
    args = parser.parse_args(argv)

    load_before = os.getloadavg()[0]  # other work on this shared machine, before ours starts
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    env = server_env(database_url, args.port)
    import redis

    for db in (12, 13):
        redis.Redis(host="127.0.0.1", port=6379, db=db).flushdb()
    ensure_database(database_url)
    subprocess.run([str(VENV_BIN / "coproduce"), "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
    setup = run_django(SETUP, env, str(args.participants), str(args.statements))

    rng = random.Random(7)
    jobs = []
    for token in setup["tokens"]:
        chosen = rng.sample(setup["statements"], min(args.votes_each, len(setup["statements"])))
        jobs.append((token, [(s, rng.choice((1, -1, 0))) for s in chosen]))

    processes = []
    try:
        processes.append(subprocess.Popen(web_server_command(args), env=env, cwd=ROOT, start_new_session=True))
        processes.append(subprocess.Popen(
            [str(VENV_BIN / "celery"), "-A", "coproduce", "worker", "--pool", "solo", "--loglevel", "WARNING"],
            env=env, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL))
        wait_for_port(args.port)
        time.sleep(1.0)

        queue = mp.Queue()
        per_process = [jobs[i::args.client_processes] for i in range(args.client_processes)]
        threads = max(1, args.clients // args.client_processes)
        cpu_before = cpu_seconds(processes[0].pid, processes[1].pid)
        started = time.perf_counter()
        deadline = time.monotonic() + args.max_seconds
        clients = [mp.Process(target=client_process, args=(args.port, part, threads, deadline, queue)) for part in per_process]
        for c in clients:
            c.start()
        reports = [queue.get() for _ in clients]
        results = [r for part, _cpu in reports for r in part]
        for c in clients:
            c.join()
        elapsed = time.perf_counter() - started
        cpu_after = cpu_seconds(processes[0].pid, processes[1].pid)
        cpu = {k: cpu_after[k] - cpu_before[k] for k in cpu_before}
        cpu["load generator"] = sum(c for _part, c in reports)
        time.sleep(3)  # let the debounced analysis run once more
        stored = run_django(VERIFY, env)
    finally:
        for p in processes:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in processes:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)

    votes = [r for r in results if r[3] != -1]
    acked = [r for r in votes if r[1] == 302]
    latencies = sorted(r[0] for r in votes)
    # Every acknowledged vote must be stored: the (participant, statement) pairs and their values.
    import uuid

    from django.core import signing

    from coproduce.engagements.participants import SALT

    acked_pairs = {}
    for _lat, _status, token, statement, value in acked:
        pid = uuid.UUID(signing.loads(token, salt=SALT, key=env["SECRET_KEY"], fallback_keys=[])[0]).hex
        acked_pairs[(pid, statement)] = value
    stored_pairs = {(p, s): v for p, s, v in stored["pairs"]}
    missing = [k for k, v in acked_pairs.items() if stored_pairs.get(k) != v]

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else float("nan")

    figures = {
        "server": args.server, "participants": args.participants, "clients": args.clients, "web_workers": args.web_workers,
        "web_threads": args.web_threads, "votes_sent": len(votes), "votes_acknowledged": len(acked),
        "errors": len(votes) - len(acked) + sum(1 for r in results if r[3] == -1),
        "seconds": round(elapsed, 2), "votes_per_second": round(len(acked) / elapsed, 1) if elapsed else 0,
        "p50_ms": round(pct(0.50), 1), "p99_ms": round(pct(0.99), 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else None,
        # Web CPU per vote includes the one vote page each simulated browser loads for its CSRF token.
        "web_cpu_ms_per_vote": round(cpu["web"] * 1000 / len(acked), 2) if acked else None,
        # Every part's CPU per acknowledged vote; "machine" is all the CPU the machine spent, other people's work too.
        "cpu_ms_per_vote": {k: round(v * 1000 / len(acked), 2) for k, v in cpu.items()} if acked else None,
        "worker_cpu_seconds": round(cpu["worker"], 1),
        "vote_rows": stored["votes"], "vote_events": stored["events"], "snapshots": stored["snapshots"],
        "acknowledged_missing_from_database": len(missing),
        "load_average_before": round(load_before, 1),
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2))
    if args.write_docs:
        write_docs(figures, " ".join(["benchmarks/load.py", *(argv if argv is not None else sys.argv[1:])]))
    return 1 if missing else 0


DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- load:start (written by benchmarks/load.py --write-docs; do not edit by hand) -->", "<!-- load:end -->"


def write_docs(f: dict, command: str) -> None:
    import platform

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    section = f"""{START}
## Web load: votes through gunicorn + PostgreSQL + Redis

Measured {time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())} on {os.cpu_count()} cores ({cpu}), load average
before the run {f["load_average_before"]:.1f} (1-minute). Command: `make bench` (this part: `{command}`). Production settings (`DEBUG=false`),
gunicorn {f["web_workers"]} workers × {f["web_threads"]} threads (`gthread`: one process per core, threads to overlap
each vote's waits on PostgreSQL and Redis; on this machine 2 × 8 gave more votes per second and less web CPU per vote
than 3 × 4, 4 × 2 or 2 × 16), one Celery worker recomputing the analysis
(debounced), the load generator on the same machine ({f["clients"]} simulated browsers, keep-alive, each
votes through the no-JavaScript form). Rate limits off for the run (every simulated browser votes faster than
a person can).

| figure | value |
|---|---|
| participants | {f["participants"]} |
| votes acknowledged (HTTP 302) | {f["votes_acknowledged"]} of {f["votes_sent"]} sent; errors {f["errors"]} |
| votes per second | **{f["votes_per_second"]}** (goal ≥ 1,000) |
| latency p50 / p99 | **{f["p50_ms"]} ms / {f["p99_ms"]} ms** (goal p99 < 150 ms) |
| web CPU per vote (gunicorn, with each browser's one vote page load) | {f["web_cpu_ms_per_vote"]} ms |
| vote rows / history rows in PostgreSQL | {f["vote_rows"]} / {f["vote_events"]} |
| acknowledged votes missing from the database | {f["acknowledged_missing_from_database"]} |
| analysis snapshots stored during the run | {f["snapshots"]} |

The vote itself costs 8 SQL statements (`tests/conversations/test_vote_queries.py`). The load is CPU-bound: at this
web CPU per vote, 1,000 votes a second would need about {f["web_cpu_ms_per_vote"] or 0:.0f} cores for gunicorn alone, and this
machine has {os.cpu_count()}, shared with PostgreSQL, Redis, the worker and the load generator.
{END}"""
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(text)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
    raise SystemExit(main())
