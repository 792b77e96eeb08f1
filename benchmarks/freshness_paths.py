"""Where a fresh results page's time goes at 2 M votes (issue 22, decisions 0023 and 0024): the page's steps timed
one by one, on one imported generated conversation (2,000 statements x 30,000 people x 2,000,000 votes), with
--votes votes cast through the vote action after its latest analysis. The live figures of decision 0023 (every vote
of each statement voted on since the analysis read again and recounted: `recount`, kept here verbatim) and of
decision 0024 (the votes since the analysis alone, with what the analysis counted of each: `live_statements`)
alternate in one run, wall and CPU time each. A measuring script, not part of `make bench`:

    .venv/bin/python benchmarks/freshness_paths.py --var var/bench/freshness-sqlite
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_NAME .venv/bin/python benchmarks/freshness_paths.py

The database is kept (a SQLite file under --var, or BENCH_DATABASE_URL's): a second run finds the imported
conversation (realsize.py's, by its title) and skips the import, then analyses it again before casting its votes.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks"), str(ROOT)]
import numpy as np  # noqa: E402
import realsize  # noqa: E402
from realsize_data import generate  # noqa: E402

TITLE = "Real size: realsize-2000x30000x2000000"


def timed(label: str, f, repeat: int = 1) -> object:
    """Run f `repeat` times; print the median wall and CPU time (this process's CPU: on PostgreSQL the server's
    work is not in it)."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = f()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(
        f"{label}: {statistics.median(walls) * 1000:,.1f} ms wall, {statistics.median(cpus) * 1000:,.1f} ms CPU"
        f" (median of {repeat})",
        flush=True,
    )
    return result


def recount(conversation, snapshot) -> dict:
    """Decision 0023's live figures (main at 771c0b1, verbatim but for the kept base's name): every vote of each
    statement voted on since the snapshot, read again and recounted in its groups."""
    from django.db import connections, router

    from coproduce.commonground import stats
    from coproduce.commonground.incremental import statement_now
    from coproduce.conversations.analysis import derived
    from coproduce.conversations.models import Vote

    votes = Vote.objects.filter(conversation=conversation)
    if snapshot.votes_up_to is not None:
        votes = votes.filter(updated_at__gt=snapshot.votes_up_to)
    base = derived(snapshot, "recount", _recount_base)
    touched = sorted(
        set(votes.order_by().values_list("statement_id", flat=True).distinct()) & base["statements"].keys()
    )
    if not touched:
        return {}
    connection = connections[router.db_for_read(Vote)]
    table = connection.ops.quote_name(Vote._meta.db_table)
    column = {f.name: connection.ops.quote_name(f.column) for f in Vote._meta.concrete_fields}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column['statement']}, {column['participant']}, {column['value']} FROM {table} "
            f"WHERE {column['conversation']} = %s AND {column['statement']} IN ({', '.join(['%s'] * len(touched))})",
            [conversation.pk, *touched],
        )
        rows = np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, 3)
    ids, groups = base["participant_ids"], base["participant_group"]
    position = np.searchsorted(np.asarray(touched, dtype=np.int64), rows[:, 0])
    at = np.minimum(np.searchsorted(ids, rows[:, 1]), max(ids.size - 1, 0))
    group = np.where(ids[at] == rows[:, 1], groups[at], -1) if ids.size else np.full(rows.shape[0], -1)
    column_of = np.array([stats.DISAGREE, stats.PASS, stats.AGREE])[rows[:, 2] + 1]
    counts = np.zeros((len(touched), 3), dtype=np.int64)
    np.add.at(counts, (position, column_of), 1)
    group_counts = np.zeros((base["n_groups"], len(touched), 3), dtype=np.int64)
    placed = group >= 0
    np.add.at(group_counts, (group[placed], position[placed], column_of[placed]), 1)
    return {
        sid: statement_now(sid, counts[i], group_counts[:, i, :], base["statements"][sid])
        for i, sid in enumerate(touched)
    }


def _recount_base(data: dict) -> dict:
    index_of = {g["id"]: i for i, g in enumerate(data.get("groups", []))}
    participants = data.get("participants", [])
    ids = np.array([p["id"] for p in participants], dtype=np.int64)
    groups = np.array([index_of.get(p.get("group"), -1) for p in participants], dtype=np.int64)
    order = np.argsort(ids, kind="stable")
    return {
        "statements": {int(s["id"]): bool(s.get("excluded")) for s in data.get("statements", [])},
        "participant_ids": ids[order],
        "participant_group": groups[order],
        "n_groups": len(index_of),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--var", default="", help="folder for the SQLite file (kept); a temporary one if not given")
    parser.add_argument("--votes", default="400,2000", help="votes cast after the analysis, comma-separated steps")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--reuse-analysis", action="store_true", help="start from the latest analysis (and the votes since it)"
    )
    args = parser.parse_args()
    var = args.var or tempfile.mkdtemp()
    Path(var).mkdir(parents=True, exist_ok=True)
    print(realsize.setup_django(var), "load", os.getloadavg(), flush=True)
    from django.core.management import call_command
    from django.urls import reverse

    from coproduce.api.analysis import analysis_document
    from coproduce.conversations import actions
    from coproduce.conversations.analysis import (
        compute_snapshot,
        derived,
        forget_kept_analyses,
        latest_snapshot,
        live_base,
        live_statements,
    )
    from coproduce.conversations.models import Conversation, Statement
    from coproduce.conversations.results import current_results, prepare
    from coproduce.engagements.demo import MAIN_SLUG
    from coproduce.engagements.models import Engagement, Participant

    conversation = Conversation.objects.filter(engagement__title=TITLE).select_related("engagement").first()
    if conversation is None:
        call_command("demo", verbosity=0)
        organisation = Engagement.objects.get(slug=MAIN_SLUG).organisation
        folder = generate(ROOT / "var" / "bench" / "realsize-2000x30000x2000000")
        conversation = timed("import", lambda: realsize.import_one(organisation, folder, TITLE))["conversation"]
    actions.schedule_analysis = lambda *a, **k: False  # the analysis is run here, when asked
    snapshot = latest_snapshot(conversation) if args.reuse_analysis else None
    if snapshot is None:
        snapshot = timed("the scheduled analysis (compute_snapshot)", lambda: compute_snapshot(conversation))
    print(f"votes in the analysis: {snapshot.vote_count:,}; votes read after its time: {len(snapshot.votes_after)}")
    people = list(conversation.engagement.participants.values_list("pk", flat=True))
    if not conversation.engagement.phases.exists():
        realsize.open_for_voting(conversation.engagement, Engagement.objects.get(slug=MAIN_SLUG))
    client = realsize.participant_client(conversation.engagement)
    url = reverse("conversations:results", args=[conversation.engagement.slug])
    sids = list(conversation.statements.filter(status=Statement.Status.PUBLISHED).values_list("pk", flat=True))
    rng = random.Random(3)
    cast = 0
    for step in (int(n) for n in args.votes.split(",")):
        while cast < step:
            actions.do_cast_vote(
                Participant(pk=rng.choice(people)),
                Statement(pk=rng.choice(sids), conversation_id=conversation.pk),
                rng.choice((-1, 0, 1)),
            )
            cast += 1
        print(f"\n{cast} votes since the analysis; load {os.getloadavg()}", flush=True)
        latest = latest_snapshot(conversation)
        new, old = live_statements(conversation, latest), recount(conversation, latest)
        same = new.keys() == old.keys() and all(
            np.array_equal(new[s].counts, old[s].counts) and np.array_equal(new[s].group_counts, old[s].group_counts)
            for s in new
        )
        print(f"statements voted on since: {len(new)}; the two ways give the same counts: {same}")
        for _ in range(2):  # alternating
            timed(
                "  decision 0023: recount every vote of those statements",
                lambda latest=latest: recount(conversation, latest),
                3,
            )
            timed(
                "  decision 0024: the votes since, live_statements",
                lambda latest=latest: live_statements(conversation, latest),
                3,
            )
        timed("  current_results (warm: the analysis kept)", lambda: current_results(conversation, None), args.repeat)

        def cold():
            forget_kept_analyses()
            return current_results(conversation, None)

        timed("  current_results (cold: a new analysis to read in this process)", cold, 3)
        forget_kept_analyses()
        s = timed("    of which reading the snapshot (6 MB of JSON)", lambda: latest_snapshot(conversation))
        timed("    of which preparing the page's figures", lambda s=s: derived(s, "results", prepare))
        timed("    of which the live base (groups, counts)", lambda s=s: derived(s, "live", live_base))
        timed("  the API's analysis (warm)", lambda: analysis_document(conversation), args.repeat)
        timed("  the results page through Django's test client (warm)", lambda: client.get(url), args.repeat)
    for label, cold in (("warm", False), ("cold", True)):
        profile = cProfile.Profile()
        if cold:
            forget_kept_analyses()
        client.get(url)
        profile.enable()
        client.get(url)
        profile.disable()
        print(f"\ncProfile of a {label} results page (the test client):")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    print("load", os.getloadavg())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
