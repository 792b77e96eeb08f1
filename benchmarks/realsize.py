"""Real size (issue 21): the four shared Polis exports and a generated 2,000 x 30,000 x 2,000,000 conversation.

`make bench PART=realsize` runs it. In a fresh database (a SQLite file in a temporary folder unless
BENCH_DATABASE_URL names a throwaway database) with the demo loaded (`coproduce demo`), it measures:

* import: each export through the import's action (coproduce.conversations.actions.do_import_polis: the engine's
  reader, then the inserts), votes per second over the whole import, and the reading alone;
* page weight: each participant page (results, vote page, the participant's own votes) and the staff pages
  (statements, live view) of the generated conversation and of the demo, in kB as sent and gzipped;
* the projector's refresh: the live view's panel as htmx polls it, a first poll and a poll with the ETag it got;
* open data: each file of the generated conversation, the first request (which builds it) and the next one;
* the vote page's time: the median and p95 of --vote-requests requests for the generated conversation and for the
  demo, and their ratio (the issue asks for at most 1.5);
* freshness (issue 22, decision 0023): while votes keep arriving (a thread casting votes) and the scheduled analysis
  runs in another thread (as a worker would, every DEBOUNCE_SECONDS), the time from a vote to a results page that
  includes it (checked), and the time of each scheduled full re-analysis.

The requests go through Django's test client (the whole stack but the web server and the network), so the times
are the server's. Everything is measured against URL names and functions, not templates: when the pages and the
open-data work of issue 21 land, the same command measures them.

    .venv/bin/python benchmarks/realsize.py                       # prints the tables
    .venv/bin/python benchmarks/realsize.py --write-docs          # and rewrites its section of docs/benchmarks.md
    .venv/bin/python benchmarks/realsize.py --votes 200000        # a quicker look (smaller generated conversation)
    .venv/bin/python benchmarks/realsize.py --only import         # one part: import, pages, projector, opendata, vote,
                                                                  # freshness
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

DOC = ROOT / "docs" / "benchmarks.md"
START = "<!-- realsize:start (written by benchmarks/realsize.py --write-docs; do not edit by hand) -->"
END = "<!-- realsize:end -->"
PARTS = ("import", "vote", "pages", "projector", "opendata", "freshness")
SHARED = ("15-per-hour-seattle", "bg2050-volunteers", "scoop-hivemind.biodiversity", "vtaiwan.uberx")


def setup_django(var_dir: str) -> str:
    os.environ["COPRODUCE_VAR_DIR"] = var_dir
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if url:
        os.environ["DATABASE_URL"] = url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DEBUG", "true")
    os.environ["DJANGO_SETTINGS_MODULE"] = "coproduce.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    return f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else ''}".strip()


def kb(n: int) -> str:
    return f"{n / 1024:,.1f}"


def import_one(organisation, folder: Path, title: str) -> dict:
    """Read and import one export; returns the figures (and the conversation)."""
    from coproduce.commonground import read_polis
    from coproduce.conversations.actions import do_import_polis

    started, cpu_started = time.perf_counter(), time.process_time()
    polis = read_polis(folder)
    read_s = time.perf_counter() - started
    stages: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        stages.setdefault(stage, time.perf_counter())

    conversation = do_import_polis(None, organisation, polis, title=title, progress=progress)
    total_s = time.perf_counter() - started
    cpu_s = time.process_time() - cpu_started
    n = int(polis.votes.n_votes)
    return {
        "name": folder.name,
        "statements": len(polis.statements),
        "participants": int(np.unique(polis.votes.rows).size),
        "votes": n,
        "read_s": read_s,
        "total_s": total_s,
        "rate": n / total_s if total_s else 0.0,
        "insert_rate": n / (total_s - read_s) if total_s > read_s else 0.0,
        "cpu_s": cpu_s,
        "cpu_rate": n / cpu_s if cpu_s else 0.0,
        "conversation": conversation,
    }


def open_for_voting(engagement, template) -> None:
    """The imported engagement made public with the demo engagement's phases, so that its participant pages open."""
    from coproduce.engagements.models import Engagement

    engagement.visibility = Engagement.Visibility.PUBLIC
    engagement.save(update_fields=["visibility"])
    for phase in template.phases.all():
        phase.pk = None
        phase.engagement = engagement
        phase.save()


def participant_client(engagement):
    """A test client carrying the cookie of one of the conversation's participants with the most votes."""
    from django.db.models import Count
    from django.test import Client

    from coproduce.engagements.participants import COOKIE_NAME, make_token

    participant = engagement.participants.annotate(n=Count("votes")).order_by("-n", "pk").first()
    client = Client()
    client.cookies[COOKIE_NAME] = make_token([participant.public_id])
    return client


def staff_client(organisation):
    from django.test import Client

    from coproduce.engagements.models import Membership, Role

    membership = Membership.objects.filter(organisation=organisation, role=Role.ORG_ADMIN).first()
    client = Client()
    client.force_login(membership.user)
    return client


def get(client, url: str, **headers) -> tuple[int, int, int, float]:
    """(status, bytes, gzipped bytes, seconds) of one GET; a streamed answer is read to its end."""
    started = time.perf_counter()
    response = client.get(url, headers=headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    took = time.perf_counter() - started
    return response.status_code, len(body), len(gzip.compress(body)), took


def page_rows(conversations: dict, repeat: int = 1) -> list[str]:
    """Each page of each conversation: size as sent, gzipped, and the median time of `repeat` requests (after a
    first one)."""
    from django.urls import NoReverseMatch, reverse

    rows = []
    for label, (engagement, participant, staff) in conversations.items():
        pages = [
            ("results", participant, reverse("conversations:results", args=[engagement.slug])),
            ("vote page", participant, reverse("conversations:vote_page", args=[engagement.slug])),
            ("own votes", participant, reverse("conversations:my_votes", args=[engagement.slug])),
            ("staff statements", staff, reverse("conversations_staff:statements", args=[engagement.slug])),
            ("live view (whole page)", staff, reverse("conversations_staff:live", args=[engagement.slug])),
        ]
        try:  # the participant's "see all" statement list of issue 21's pages, where that work has landed
            pages.insert(
                1, ("statement list", participant, reverse("conversations:results_list", args=[engagement.slug]))
            )
        except NoReverseMatch:
            pass
        for page, client, url in pages:
            get(client, url)  # warm: the analysis, caches
            # The median of a few requests: one request on a shared machine can meet another process or a full
            # garbage collection (about 0.15 s of CPU in this process) and say more about those than about the page.
            answers = [get(client, url) for _ in range(repeat)]
            status, size, gz, _took = answers[-1]
            took = statistics.median(answer[3] for answer in answers)
            rows.append(f"| {label} | {page} | {status} | {kb(size)} | {kb(gz)} | {took * 1000:,.0f} |")
    return rows


def projector_rows(conversations: dict, repeat: int = 1) -> list[str]:
    """The panel as a poll that changed gets it (no ETag; the median of `repeat` polls), then a poll with its ETag."""
    from django.urls import reverse

    rows = []
    for label, (engagement, _participant, staff) in conversations.items():
        url = reverse("conversations_staff:live", args=[engagement.slug])
        polls = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = staff.get(url, headers={"HX-Request": "true"})
            polls.append(time.perf_counter() - started)
        first = statistics.median(polls)
        etag = response.get("ETag", "")
        again = staff.get(
            url, headers={"HX-Request": "true", "If-None-Match": etag} if etag else {"HX-Request": "true"}
        )
        rows.append(
            f"| {label} | {response.status_code} | {kb(len(response.content))} | {kb(len(gzip.compress(response.content)))}"
            f" | {first * 1000:,.0f} | {again.status_code} | {kb(len(again.content))} |"
        )
    return rows


def opendata_rows(engagement) -> tuple[float, list[str]]:
    """The build's own time (api.builds.build, as the background task runs it), then each open-data file: a
    request (it serves the kept file) and the same request with the ETag it got (304). An anonymous reader: the
    engagement is public."""
    from django.test import Client
    from django.urls import reverse

    from coproduce.api import builds
    from coproduce.api.opendata import DOWNLOADS

    conversation = engagement.conversation
    started = time.perf_counter()
    builds.build(conversation.pk)
    build_seconds = time.perf_counter() - started
    client = Client()
    rows = []
    for download in DOWNLOADS:
        url = reverse("api_pages:open_data_file", args=[engagement.slug, download.name])
        response = client.get(url)
        etag = response.headers.get("ETag", "")
        status, size, gz, first = get(client, url)
        status2, _size2, _gz2, second = get(client, url, **{"If-None-Match": etag})
        rows.append(
            f"| {download.name} | {status} | {kb(size)} | {kb(gz)} | {first * 1000:,.0f} | {status2} | "
            f"{second * 1000:,.1f} |"
        )
    return build_seconds, rows


def _freshness_load(conversation_id: int, people: list, statements: list, stop, count) -> None:
    """The load: one vote every 10 ms or so, stored as the vote action stores it (a process of its own, as another
    web process would be)."""
    import random

    from django.db import connections

    rng = random.Random(1)
    try:
        while not stop.is_set():
            _freshness_vote(conversation_id, people, statements, rng)
            with count.get_lock():
                count.value += 1
            stop.wait(0.01)
    finally:
        connections.close_all()


def _freshness_analyses(conversation_id: int, stop, durations) -> None:
    """The scheduled analysis, as the worker runs it under a steady stream of votes: one run after another with
    DEBOUNCE_SECONDS between them (a process of its own, as the worker is)."""
    from django.db import connections

    from coproduce.conversations.analysis import compute_snapshot
    from coproduce.conversations.models import Conversation
    from coproduce.conversations.tasks import DEBOUNCE_SECONDS

    conversation = Conversation.objects.select_related("engagement").get(pk=conversation_id)
    try:
        while not stop.is_set():
            started = time.perf_counter()
            compute_snapshot(conversation)
            durations.put(time.perf_counter() - started)
            stop.wait(DEBOUNCE_SECONDS)
    finally:
        connections.close_all()


def _freshness_vote(conversation_id: int, people: list, statements: list, rng) -> int:
    """One vote stored by the vote action (the vote and its history row; its scheduled analysis is the worker
    process's: freshness_rows turns the scheduling off)."""
    from coproduce.conversations import actions
    from coproduce.conversations.models import Statement
    from coproduce.engagements.models import Participant

    statement = rng.choice(statements)
    actions.do_cast_vote(
        Participant(pk=rng.choice(people)),
        Statement(pk=statement, conversation_id=conversation_id),
        rng.choice((-1, 0, 1)),
    )
    return statement


def freshness_rows(engagement, client, args) -> list[str]:
    """Votes keep arriving (a process casting one vote every 10 ms or so, through the vote action) while the
    scheduled analysis runs in another process (one run after another, DEBOUNCE_SECONDS between them: what a
    worker does under a steady stream of votes). Meanwhile --fresh-votes votes, each followed by the participants'
    results page: the time from the vote's write to that page (and the write's own share), and whether the page
    shows the vote (the statement's counts equal to the votes table's). Processes, not threads: in one process the
    analysis's Python work would hold the interpreter lock and slow the page as no real deployment does."""
    import multiprocessing
    import queue
    import random

    from django.db import connections
    from django.db.models import Count
    from django.urls import reverse

    from coproduce.conversations import actions
    from coproduce.conversations.models import Statement, Vote
    from coproduce.conversations.results import current_results

    # The analysis is the worker process's, back to back: the votes' own scheduling (inline with no broker) is off
    # in this process and in the ones it starts.
    actions.schedule_analysis = lambda *args, **kwargs: False
    conversation = engagement.conversation
    people = list(engagement.participants.values_list("pk", flat=True))
    statements = list(conversation.statements.filter(status=Statement.Status.PUBLISHED).values_list("pk", flat=True))
    url = reverse("conversations:results", args=[engagement.slug])
    client.get(url)  # the page's first request after the import builds what it keeps
    context = multiprocessing.get_context("fork")
    stop, count, durations = context.Event(), context.Value("i", 0), context.Queue()
    connections.close_all()  # each process opens its own
    processes = [
        context.Process(target=_freshness_load, args=(conversation.pk, people, statements, stop, count)),
        context.Process(target=_freshness_analyses, args=(conversation.pk, stop, durations)),
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    rng = random.Random(2)
    fresh: list[float] = []
    writes: list[float] = []
    shown = 0
    try:
        for _ in range(args.fresh_votes):
            time.sleep(rng.uniform(0.5, 1.5))
            voted = time.perf_counter()
            statement = _freshness_vote(conversation.pk, people, statements, rng)
            writes.append(time.perf_counter() - voted)
            status, _size, _gz, _took = get(client, url)
            fresh.append(time.perf_counter() - voted)
            # Checked outside the time: the same path as the page, every statement's row.
            counts = dict(
                Vote.objects.filter(statement_id=statement).values_list("value").annotate(n=Count("pk")).order_by()
            )
            row = next(
                r for r in current_results(conversation, None, with_every=True)["every_statement"] if r.id == statement
            )
            shown += status == 200 and (row.agree, row.disagree, row.passed) == (
                counts.get(1, 0),
                counts.get(-1, 0),
                counts.get(0, 0),
            )
    finally:
        stop.set()
        for process in processes:
            process.join()
    took = time.perf_counter() - started
    analyses = []
    while True:
        try:
            analyses.append(durations.get(timeout=1))
        except queue.Empty:
            break
    ms = sorted(t * 1000 for t in fresh)
    write_ms = sorted(t * 1000 for t in writes)
    return [
        f"#### Freshness under load: the generated conversation ({args.votes:,} votes), votes arriving",
        "",
        f"Over {took:.0f} s: {count.value:,} votes from the load process ({count.value / took:,.1f} a second), "
        f"{len(analyses)} scheduled full analyses in the worker's process, {args.fresh_votes} timed votes.",
        "",
        "| measure | median | p95 | max |",
        "|---|---|---|---|",
        f"| vote to a results page that includes it (ms) | {statistics.median(ms):,.0f} | {p95(ms):,.0f} "
        f"| {ms[-1]:,.0f} |",
        f"| of which the vote's write (ms) | {statistics.median(write_ms):,.0f} | {p95(write_ms):,.0f} "
        f"| {write_ms[-1]:,.0f} |",
        f"| scheduled full analysis (s) | {statistics.median(analyses):.2f} | {p95(analyses):.2f} | {max(analyses):.2f} |"
        if analyses
        else "| scheduled full analysis (s) | – | – | – |",
        f"| pages that showed their vote | {shown} of {len(fresh)} | | |",
        "",
    ]


def vote_times(client, url: str, n: int) -> list[float]:
    client.get(url)
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return times


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--statements", type=int, default=2000)
    parser.add_argument("--participants", type=int, default=30_000)
    parser.add_argument("--votes", type=int, default=2_000_000)
    parser.add_argument("--vote-requests", type=int, default=100, help="requests of the vote page, for its p95")
    parser.add_argument(
        "--page-requests", type=int, default=5, help="requests of each page and projector poll (their median time)"
    )
    parser.add_argument("--only", default="", help=f"comma-separated parts among {', '.join(PARTS)} (default: all)")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--fresh-votes", type=int, default=20, help="votes whose freshness is timed (freshness)")
    args = parser.parse_args(argv)
    parts = [p for p in args.only.split(",") if p] or list(PARTS)
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part {sorted(unknown)[0]!r} (choose among {', '.join(PARTS)})")

    from prioritise import commit, machine
    from realsize_data import generate

    from tests.polis_data import POLIS_DATA

    size = f"{args.statements}x{args.participants}x{args.votes}"
    generated = generate(
        ROOT / "var" / "bench" / f"realsize-{size}",
        statements=args.statements,
        participants=args.participants,
        votes=args.votes,
    )
    started = time.perf_counter()
    load = os.getloadavg()[0]
    out: list[str] = []
    done: list[str] = []
    database = "?"

    def report(part: str, lines: list[str]) -> None:
        """Print a part's table as soon as it is measured, and (with --write-docs) rewrite the section with the
        parts measured so far: a run stopped midway keeps what it measured."""
        out.extend(lines)
        done.append(part)
        print("\n".join(lines), flush=True)
        if args.write_docs:
            write_docs(args, out, done, parts, database, time.perf_counter() - started, load, commit(), machine())

    with tempfile.TemporaryDirectory() as var_dir:
        database = setup_django(var_dir)
        from django.core.management import call_command
        from django.urls import reverse

        from coproduce.conversations.analysis import compute_snapshot
        from coproduce.engagements.demo import MAIN_SLUG
        from coproduce.engagements.models import Engagement

        call_command("demo", verbosity=0)
        demo = Engagement.objects.get(slug=MAIN_SLUG)
        organisation = demo.organisation

        imports = []
        shared = [POLIS_DATA / name for name in SHARED if (POLIS_DATA / name).is_dir()] if "import" in parts else []
        for folder in [*shared, generated]:
            result = import_one(organisation, folder, f"Real size: {folder.name}")
            imports.append(result)
            print(f"imported {folder.name}: {result['votes']:,} votes in {result['total_s']:.1f} s", file=sys.stderr)
        if "import" in parts:
            lines = [
                "#### Import (the action: reading with the engine's reader, then the inserts, in one transaction)",
                "",
                "| export | statements | participants | votes | reading (s) | whole import (s) | votes/s (whole) "
                "| votes/s (inserts) | CPU (s) | votes per CPU second |",
                "|---|---|---|---|---|---|---|---|---|---|",
            ]
            for r in imports:
                lines.append(
                    f"| {r['name']} | {r['statements']:,} | {r['participants']:,} | {r['votes']:,} | "
                    f"{r['read_s']:.2f} | {r['total_s']:.2f} | {r['rate']:,.0f} | {r['insert_rate']:,.0f} | "
                    f"{r['cpu_s']:.2f} | {r['cpu_rate']:,.0f} |"
                )
            report("import", [*lines, ""])
        if not set(parts) - {"import"}:
            return 0
        big = imports[-1]["conversation"].engagement
        analysis_started = time.perf_counter()
        compute_snapshot(big.conversation)
        compute_snapshot(demo.conversation)
        analysis_s = time.perf_counter() - analysis_started
        print(f"analysis: {analysis_s:.1f} s", file=sys.stderr)
        open_for_voting(big, demo)
        conversations = {
            "demo": (demo, participant_client(demo), staff_client(organisation)),
            f"generated ({args.votes:,} votes)": (big, participant_client(big), staff_client(organisation)),
        }
        if "vote" in parts:
            times = {}
            for label, (engagement, participant, _staff) in conversations.items():
                times[label] = vote_times(
                    participant, reverse("conversations:vote_page", args=[engagement.slug]), args.vote_requests
                )
            demo_p95 = p95(times["demo"])
            lines = [
                f"#### The vote page's time ({args.vote_requests} requests each, one participant)",
                "",
                "| conversation | median (ms) | p95 (ms) | p95 / demo's p95 |",
                "|---|---|---|---|",
            ]
            for label, t in times.items():
                lines.append(
                    f"| {label} | {statistics.median(t) * 1000:,.1f} | {p95(t) * 1000:,.1f} | {p95(t) / demo_p95:.2f} |"
                )
            report("vote", [*lines, ""])
        if "pages" in parts:
            report(
                "pages",
                [
                    f"#### Page weight (the median of {args.page_requests} requests after a first; participant pages as "
                    "one of the participants with the most votes, staff pages as the organisation's admin)",
                    "",
                    "| conversation | page | status | kB | kB gzipped | ms |",
                    "|---|---|---|---|---|---|",
                    *page_rows(conversations, args.page_requests),
                    "",
                ],
            )
        if "projector" in parts:
            report(
                "projector",
                [
                    f"#### Projector refresh (the live view's panel as htmx polls it, the median of {args.page_requests} "
                    "polls; then the same poll with its ETag)",
                    "",
                    "| conversation | status | kB | kB gzipped | ms | status with ETag | kB with ETag |",
                    "|---|---|---|---|---|---|---|",
                    *projector_rows(conversations, args.page_requests),
                    "",
                ],
            )
        if "freshness" in parts:
            report("freshness", freshness_rows(big, conversations[f"generated ({args.votes:,} votes)"][1], args))
        if "opendata" in parts:
            build_seconds, rows = opendata_rows(big)
            report(
                "opendata",
                [
                    f"#### Open data of the generated conversation ({args.votes:,} votes), an anonymous reader",
                    "",
                    f"The build (every file, in the background, once per change): {build_seconds:,.1f} s. "
                    "Then each request serves the kept file:",
                    "",
                    "| file | status | kB | kB gzipped | request (ms) | with its ETag | request with ETag (ms) |",
                    "|---|---|---|---|---|---|---|",
                    *rows,
                    "",
                ],
            )
    return 0


def write_docs(args, out, done, parts, database, took, load, at_commit, machine_text) -> None:
    text = "\n".join(out).rstrip("\n")
    pending = [p for p in parts if p not in done]
    unfinished = (
        f" **Unfinished run**: the parts {', '.join(pending)} were not measured (the run was stopped first)."
        if pending
        else ""
    )
    section = f"""{START}
## Real size: the shared Polis exports and {args.statements:,} statements x {args.participants:,} people x \
{args.votes:,} votes

Measured {time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())} at commit {at_commit}; command `make bench PART=realsize`
(`.venv/bin/python benchmarks/realsize.py --write-docs {" ".join(sys.argv[1:]).replace("--write-docs", "").strip()}`),
{took:.0f} s until this part. Machine: {machine_text}; database: {database} (a fresh file, DEBUG on), not
PostgreSQL: the import's COPY path (PostgreSQL) is not measured here. The requests go through Django's test client
(the whole stack but the web server). The machine's cores are shared with other work (load average {load:.1f} when
it started), so wall-clock times are indicative; the import's CPU time is the steadier figure; sizes are
exact.{unfinished}

The generated conversation is benchmarks/realsize_data.py (three opinion groups, about 67 votes a person, one
statement in forty moderated out).

{text}

How to read it: page weights are of the summarising pages (a participant page at most 100 kB at any size; "see
all" lists paginated); the projector's poll answers 304 with nothing when nothing changed; open data is built once
per change in the background (the build's time above) and each request serves the kept file, 304 with its ETag.
{END}"""
    doc = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    if START in doc and END in doc:
        doc = doc[: doc.index(START)] + section + doc[doc.index(END) + len(END) :]
    else:
        doc = doc.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(doc)


if __name__ == "__main__":
    raise SystemExit(main())
