"""The scheduled analysis at 2 M votes, old path against new in one run (issue 22, decision 0023): main's
compute_snapshot before this change (copied verbatim: the ORM's values_list, lists, the previous snapshot's JSON,
a second query for distinct voters) and today's, alternating on one imported generated conversation; the two vote
readers, and on PostgreSQL a COPY BINARY reader; then the results page's work with votes since the analysis,
profiled. A measuring script, not part of `make bench`:

    .venv/bin/python benchmarks/freshness_paths.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_NAME .venv/bin/python benchmarks/freshness_paths.py
"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks"), str(ROOT)]
import numpy as np  # noqa: E402
import realsize  # noqa: E402
from realsize_data import generate  # noqa: E402


def t(label, f):
    s = time.perf_counter()
    r = f()
    print(f"{label}: {time.perf_counter() - s:.2f} s", flush=True)
    return r


gen = generate(ROOT / "var" / "bench" / "realsize-2000x30000x2000000")
with tempfile.TemporaryDirectory() as var:
    print(realsize.setup_django(var), os.getloadavg(), flush=True)
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Max

    call_command("demo", verbosity=0)
    from coproduce.engagements.demo import MAIN_SLUG
    from coproduce.engagements.models import Engagement

    org = Engagement.objects.get(slug=MAIN_SLUG).organisation
    r = t("import", lambda: realsize.import_one(org, gen, "x"))
    conv = r["conversation"]
    from coproduce.commonground import Votes, analyse
    from coproduce.conversations.analysis import _same_schema, compute_snapshot, read_votes
    from coproduce.conversations.models import AnalysisSnapshot, Statement, Vote
    from coproduce.core.privacy import small_numbers_threshold

    def old_compute_snapshot(conversation):
        started = time.perf_counter()
        rows = list(
            Vote.objects.filter(conversation=conversation).values_list("participant_id", "statement_id", "value")
        )
        statements = list(conversation.statements.values_list("pk", "status"))
        excluded = frozenset(pk for pk, status in statements if status != Statement.Status.PUBLISHED)
        perspectives = {
            participant: str(perspective)
            for participant, perspective in conversation.engagement.participants.filter(
                perspective__isnull=False, votes__isnull=False
            )
            .distinct()
            .values_list("pk", "perspective_id")
        }
        participants, statement_ids, values = zip(*rows) if rows else ((), (), ())
        votes = Votes.from_events(
            list(participants), list(statement_ids), list(values), statements=[pk for pk, _status in statements]
        )
        previous = conversation.snapshots.only("conversation_id", "data").first()
        if previous is not None and not _same_schema(previous.data):
            previous = None
        analysis = analyse(
            votes,
            excluded=excluded,
            perspectives=perspectives,
            previous=previous.data if previous is not None else None,
            seed=conversation.pk,
            perspective_min_cell=small_numbers_threshold(),
        )
        stats = Vote.objects.filter(conversation=conversation).aggregate(
            latest=Max("updated_at"), voters=Count("participant", distinct=True)
        )
        return AnalysisSnapshot.objects.create(
            conversation=conversation,
            data=analysis.to_dict(),
            vote_count=len(rows),
            participant_count=stats["voters"] or 0,
            votes_up_to=stats["latest"],
            duration_ms=int((time.perf_counter() - started) * 1000),
        )

    t("new compute_snapshot (first, no previous)", lambda: compute_snapshot(conv))
    for i in range(2):
        t(f"old compute_snapshot (warm) #{i + 1}", lambda: old_compute_snapshot(conv))
        t(f"new compute_snapshot (warm, previous kept) #{i + 1}", lambda: compute_snapshot(conv))
    t(
        "old reader: values_list + zip to lists",
        lambda: list(
            zip(*Vote.objects.filter(conversation=conv).values_list("participant_id", "statement_id", "value"))
        ),
    )
    a = t("new reader: read_votes (cursor, fromiter)", lambda: read_votes(conv))
    if connection.vendor == "postgresql":

        def copy_binary():
            buf = io.BytesIO()
            with connection.cursor() as c:
                with c.cursor.copy(
                    "COPY (SELECT participant_id::int8, statement_id::int8, value::int2 FROM conversations_vote "
                    "WHERE conversation_id = %s) TO STDOUT (FORMAT BINARY)",
                    [conv.pk],
                ) as copy:
                    for data in copy:
                        buf.write(data)
            raw = buf.getbuffer()[19:-2]
            dt = np.dtype(
                [("n", ">i2"), ("l1", ">i4"), ("p", ">i8"), ("l2", ">i4"), ("s", ">i8"), ("l3", ">i4"), ("v", ">i2")]
            )
            rec = np.frombuffer(raw, dtype=dt)
            return rec["p"].astype(np.int64), rec["s"].astype(np.int64), rec["v"].astype(np.int64)

        b = t("PostgreSQL COPY BINARY into NumPy", copy_binary)
        print("COPY same as fromiter:", all(np.array_equal(np.sort(x), np.sort(y)) for x, y in zip(a, b)))
    print("load", os.getloadavg(), flush=True)
    # The results page's work with votes since the analysis.
    import cProfile
    import pstats
    import random

    from django.utils import timezone

    from coproduce.conversations.analysis import latest_snapshot, live_statements
    from coproduce.conversations.results import current_results

    people = list(conv.engagement.participants.values_list("pk", flat=True))
    sids = list(conv.statements.filter(status=Statement.Status.PUBLISHED).values_list("pk", flat=True))
    rng = random.Random(3)
    t("current_results, analysis up to date, first", lambda: current_results(conv, None))
    t("current_results, analysis up to date, again", lambda: current_results(conv, None))
    for n in (1, 200):
        for _ in range(n):
            Vote.objects.update_or_create(
                participant_id=rng.choice(people),
                statement_id=rng.choice(sids),
                defaults={"conversation": conv, "value": rng.choice((-1, 0, 1)), "updated_at": timezone.now()},
            )
        t(f"live_statements after {n} more votes", lambda: live_statements(conv, latest_snapshot(conv)))
        t(f"current_results after {n} more votes", lambda: current_results(conv, None))
    pr = cProfile.Profile()
    pr.enable()
    current_results(conv, None)
    pr.disable()
    pstats.Stats(pr).sort_stats("cumulative").print_stats(25)
