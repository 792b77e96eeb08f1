"""Load benchmark: participants casting votes through the real web stack.

A web server (gunicorn, then granian, one after the other on the same data; production settings) + PostgreSQL +
Redis (cache and broker) + one Celery worker, all on 127.0.0.1; a bounded load generator (threads in a few
processes, keep-alive HTTP) casts votes the way a browser without JavaScript does (POST the vote form, follow
nothing). Reports votes per second, p50/p99 latency, the CPU each part spends per vote, and checks that every
acknowledged vote is in the database.

    .venv/bin/python benchmarks/load.py                       # defaults below
    .venv/bin/python benchmarks/load.py --servers granian --participants 400 --votes-each 25 --clients 32

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


def web_server_command(server: str, workers: int, threads: int, port: int) -> list[str]:
    if server == "granian":
        return [
            str(VENV_BIN / "granian"),
            "--interface",
            "wsgi",
            "coproduce.wsgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--blocking-threads",
            str(threads),
            "--log-level",
            "warning",
        ]
    return [
        str(VENV_BIN / "gunicorn"),
        "coproduce.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
    ]


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
""".replace("%s", SLUG)  # a template of Python code, full of braces that format() would read

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
    out = subprocess.run(
        [str(VENV_BIN / "python"), "-c", code, *args],
        env={**env, "DJANGO_SETTINGS_MODULE": "coproduce.settings"},
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
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
        name = text[text.index("(") + 1 : text.rindex(")")]
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


def client_process(
    port: int, jobs: list[tuple[str, list[tuple[int, int]]]], threads: int, deadline: float, queue
) -> None:
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
            csrf_cookie = next(
                (
                    c.split(";")[0].split("=", 1)[1]
                    for c in response.headers.get_all("Set-Cookie") or []
                    if c.startswith("csrftoken=")
                ),
                None,
            )
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
                conn.request(
                    "POST",
                    f"/engagements/{SLUG}/vote/cast/",
                    body=body,
                    headers={
                        "Cookie": cookie,
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Referer": f"http://127.0.0.1:{port}/engagements/{SLUG}/vote/",
                    },
                )
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


def peer_process(port: int, requests: int, threads: int, queue) -> None:
    """The peer: each thread asks for /healthz over one keep-alive connection, `requests` times in all."""
    import threading

    cpu_started = time.process_time()
    results: list[tuple[float, int]] = []
    lock = threading.Lock()

    def worker(count: int):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for _ in range(count):
            started = time.perf_counter()
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - started, response.status))
        conn.close()
        with lock:
            results.extend(mine)

    pool = [threading.Thread(target=worker, args=(requests // threads,)) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    queue.put((results, time.process_time() - cpu_started))


def drive(target, per_process_args: list[tuple], sessions: tuple[int, int], queue) -> tuple[list, float, dict]:
    """Run the load: one process per argument tuple, each reporting (results, its CPU); returns the results, the
    seconds taken and the CPU each part spent meanwhile."""
    before = cpu_seconds(*sessions)
    started = time.perf_counter()
    clients = [mp.Process(target=target, args=(*arguments, queue)) for arguments in per_process_args]
    for c in clients:
        c.start()
    reports = [queue.get() for _ in clients]
    for c in clients:
        c.join()
    elapsed = time.perf_counter() - started
    after = cpu_seconds(*sessions)
    cpu = {k: after[k] - before[k] for k in before}
    cpu["load generator"] = sum(spent for _results, spent in reports)
    return [r for results, _spent in reports for r in results], elapsed, cpu


def percentile(sorted_values: list[float], q: float) -> float:
    return (
        sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))] * 1000
        if sorted_values
        else float("nan")
    )


# Each server with the processes × threads that gave it the most votes per second on this machine (2 cores):
# gunicorn's gthread 2 × 8 beat 2 × 4, 2 × 2, 3 × 4 and 4 × 2; granian's 2 × 2 beat 2 × 1, 2 × 4 and 3 × 2.
SERVERS = {"gunicorn": (2, 8), "granian": (2, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=400)
    parser.add_argument("--statements", type=int, default=60)
    parser.add_argument("--votes-each", type=int, default=25)
    parser.add_argument("--clients", type=int, default=32, help="concurrent simulated browsers (threads)")
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument(
        "--servers",
        default="gunicorn,granian",
        help="web servers to measure one after the other, on the same data (comma-separated)",
    )
    parser.add_argument("--web-workers", type=int, help="worker processes (default: SERVERS)")
    parser.add_argument("--web-threads", type=int, help="threads per worker process (default: SERVERS)")
    parser.add_argument("--max-seconds", type=float, default=120, help="the load stops after this, whatever is left")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--write-docs", action="store_true", help="rewrite the load section of docs/benchmarks.md")
    args = parser.parse_args(argv)
    servers = [name.strip() for name in args.servers.split(",") if name.strip()]
    unknown = [name for name in servers if name not in SERVERS]
    if unknown or not servers:
        parser.error(f"--servers: choose among {', '.join(SERVERS)}")

    runs = [run(name, args) for name in servers]
    print(json.dumps(runs, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(runs, indent=2))
    if args.write_docs:
        write_docs(runs, " ".join(["benchmarks/load.py", *(argv if argv is not None else sys.argv[1:])]))
    return 1 if any(r["acknowledged_missing_from_database"] for r in runs) else 0


def run(server: str, args) -> dict:
    """One server under the load, on a fresh database with the same participants, statements and votes."""
    workers, threads_per_worker = SERVERS[server]
    workers, threads_per_worker = args.web_workers or workers, args.web_threads or threads_per_worker
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
        processes.append(
            subprocess.Popen(
                web_server_command(server, workers, threads_per_worker, args.port),
                env=env,
                cwd=ROOT,
                start_new_session=True,
            )
        )
        processes.append(
            subprocess.Popen(
                [str(VENV_BIN / "celery"), "-A", "coproduce", "worker", "--pool", "solo", "--loglevel", "WARNING"],
                env=env,
                cwd=ROOT,
                start_new_session=True,
                stdout=subprocess.DEVNULL,
            )
        )
        wait_for_port(args.port)
        time.sleep(1.0)

        queue = mp.Queue()
        per_process = [jobs[i :: args.client_processes] for i in range(args.client_processes)]
        threads = max(1, args.clients // args.client_processes)
        sessions = (processes[0].pid, processes[1].pid)
        deadline = time.monotonic() + args.max_seconds
        results, elapsed, cpu = drive(
            client_process, [(args.port, part, threads, deadline) for part in per_process], sessions, queue
        )
        time.sleep(3)  # let the debounced analysis run once more
        stored = run_django(VERIFY, env)

        # The peer, on the same server and clients: /healthz, the cheapest request the app serves with a database
        # round trip. What a vote costs beyond it is ours; what it costs is the framework's and the server's.
        each = len(results) // args.client_processes
        peer, peer_elapsed, peer_cpu = drive(
            peer_process, [(args.port, each, threads)] * args.client_processes, sessions, queue
        )
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

    peer_ok = [r for r in peer if r[1] == 200]
    peer_latencies = sorted(r[0] for r in peer)

    def pct(q: float) -> float:
        return percentile(latencies, q)

    figures = {
        "server": server,
        "participants": args.participants,
        "clients": args.clients,
        "web_workers": workers,
        "web_threads": threads_per_worker,
        "votes_sent": len(votes),
        "votes_acknowledged": len(acked),
        "errors": len(votes) - len(acked) + sum(1 for r in results if r[3] == -1),
        "seconds": round(elapsed, 2),
        "votes_per_second": round(len(acked) / elapsed, 1) if elapsed else 0,
        "p50_ms": round(pct(0.50), 1),
        "p99_ms": round(pct(0.99), 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else None,
        # Every part's CPU per acknowledged vote, with the one vote page each simulated browser loads for its CSRF
        # token; "machine" is all the CPU the machine spent meanwhile, other people's work too.
        "cpu_ms_per_vote": {k: round(v * 1000 / len(acked), 2) for k, v in cpu.items()} if acked else None,
        "vote_rows": stored["votes"],
        "vote_events": stored["events"],
        "snapshots": stored["snapshots"],
        "acknowledged_missing_from_database": len(missing),
        "load_average_before": round(load_before, 1),
        "peer": {
            "path": "/healthz",
            "requests": len(peer),
            "errors": len(peer) - len(peer_ok),
            "requests_per_second": round(len(peer_ok) / peer_elapsed, 1) if peer_elapsed else 0,
            "p50_ms": round(percentile(peer_latencies, 0.50), 1),
            "p99_ms": round(percentile(peer_latencies, 0.99), 1),
            "cpu_ms_per_request": {k: round(v * 1000 / len(peer_ok), 2) for k, v in peer_cpu.items()}
            if peer_ok
            else None,
        },
    }
    return figures


DOC = ROOT / "docs" / "benchmarks.md"
START, END = (
    "<!-- load:start (written by benchmarks/load.py --write-docs; do not edit by hand) -->",
    "<!-- load:end -->",
)


def write_docs(runs: list[dict], command: str) -> None:
    import platform

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    parts = ["web", "postgresql", "load generator", "redis", "worker"]

    def row(label: str, value) -> str:
        return f"| {label} | " + " | ".join(str(value(r)) for r in runs) + " |"

    def ours(r: dict) -> float:
        return sum(r["cpu_ms_per_vote"][p] for p in parts)

    lines = [
        "| figure | " + " | ".join(f"{r['server']} ({r['web_workers']} × {r['web_threads']})" for r in runs) + " |",
        "|---|" + "---|" * len(runs),
        row(
            "votes acknowledged (HTTP 302)",
            lambda r: f"{r['votes_acknowledged']} of {r['votes_sent']} sent; errors {r['errors']}",
        ),
        row("**votes per second** (goal ≥ 1,000)", lambda r: f"**{r['votes_per_second']}**"),
        row("**latency p50 / p99** (goal p99 < 150 ms)", lambda r: f"**{r['p50_ms']} / {r['p99_ms']} ms**"),
        *(row(f"CPU per vote: {p}", lambda r, p=p: f"{r['cpu_ms_per_vote'][p]} ms") for p in parts),
        row("CPU per vote: all of these", lambda r: f"{ours(r):.2f} ms"),
        row("CPU per vote: the whole machine (other work too)", lambda r: f"{r['cpu_ms_per_vote']['machine']} ms"),
        row("most votes per second 2 cores allow at that CPU per vote", lambda r: f"{2000 / ours(r):.0f}"),
        row("vote rows / history rows in PostgreSQL", lambda r: f"{r['vote_rows']} / {r['vote_events']}"),
        row("acknowledged votes missing from the database", lambda r: r["acknowledged_missing_from_database"]),
        row("analysis snapshots stored during the run", lambda r: r["snapshots"]),
        row("load average before the run (1-minute)", lambda r: r["load_average_before"]),
        row("*peer, same server and clients:* `GET /healthz` per second", lambda r: r["peer"]["requests_per_second"]),
        row("*peer:* latency p50 / p99", lambda r: f"{r['peer']['p50_ms']} / {r['peer']['p99_ms']} ms"),
        row(
            "*peer:* CPU per request: web / all parts",
            lambda r: (
                f"{r['peer']['cpu_ms_per_request']['web']} / "
                f"{sum(r['peer']['cpu_ms_per_request'][p] for p in parts):.2f} ms"
            ),
        ),
        row(
            "a vote's web CPU ÷ the peer's",
            lambda r: f"{r['cpu_ms_per_vote']['web'] / r['peer']['cpu_ms_per_request']['web']:.1f}",
        ),
    ]
    first = runs[0]
    floor = " and ".join(
        f"{sum(r['peer']['cpu_ms_per_request'][p] for p in parts):.2f} ms with {r['server']}" for r in runs
    )
    ratio = ""
    if len(runs) == 2:
        a, b = runs
        ratio = (
            f" In this run {b['server']} served {b['votes_per_second'] / a['votes_per_second']:.2f} times the votes per "
            f"second of {a['server']}, with {b['cpu_ms_per_vote']['web'] / a['cpu_ms_per_vote']['web']:.2f} times its web "
            "CPU per vote."
        )
    section = f"""{START}
## Web load: votes through the web server + PostgreSQL + Redis

Measured {time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())} on {os.cpu_count()} cores ({cpu}). Command: `make bench`
(this part: `{command}`). Each server in turn, on a fresh database with the same {first["participants"]} participants and
the same votes: production settings (`DEBUG=false`), one Celery worker recomputing the analysis (debounced), the
load generator on the same machine ({first["clients"]} simulated browsers, keep-alive; each loads the vote page once,
for its CSRF token, then votes through the no-JavaScript form without following the redirect). Rate limits are
off for the run (every simulated browser votes faster than a person can). Processes × threads per server are the
best of those tried on this machine (`SERVERS` in `benchmarks/load.py`).

{chr(10).join(lines)}

A vote is 2 SQL statements on PostgreSQL (`tests/conversations/test_vote_queries.py`), plus the connection's
health check.{ratio} The machine is the limit: at these CPU costs per vote, the web server, PostgreSQL and the load
generator together fill both cores well below 1,000 votes a second (the "most votes per second" row). The peer
shows how far the goal is: 1,000 votes a second on 2 cores leave 2 ms of CPU per vote for every part together, and
`/healthz`, which does nothing but one `SELECT 1` through the same server, middleware and database connection,
already costs {floor}. The vote's web CPU includes each simulated
browser's one vote page; a real browser also loads the next statement after every vote, which these figures leave out.
{END}"""
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(text)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
    raise SystemExit(main())
