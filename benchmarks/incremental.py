"""Freshness between analyses (issue 22): a vote's effect through ``incremental.LiveCounts`` against a full
re-analysis, on the same export in the same run. Prints one JSON object.

    PYTHONPATH=src .venv/bin/python benchmarks/incremental.py EXPORT_DIR [--votes 10000]

``full_s``: read_polis + analyse (what one new vote costs without the incremental path); ``per_vote_*``: the
time of ``LiveCounts.add_vote`` (counts, group-aware consensus, label and probability of the statement),
over random votes of existing and new participants; ``ratio``: full_s / the median per vote.
"""

from __future__ import annotations

import argparse
import json
import resource
import time

import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("export")
    ap.add_argument("--votes", type=int, default=10000)
    a = ap.parse_args()
    from coproduce.commonground import analyse, read_polis
    from coproduce.commonground.incremental import LiveCounts

    t0 = time.perf_counter()
    c0 = time.process_time()
    conv = read_polis(a.export)
    analysis = analyse(conv.votes, excluded=conv.excluded, seed=0)
    full_s, full_cpu = time.perf_counter() - t0, time.process_time() - c0
    t = time.perf_counter()
    live = LiveCounts(analysis, conv.votes)
    setup_s = time.perf_counter() - t
    rng = np.random.default_rng(0)
    pids, sids = conv.votes.participant_ids, conv.votes.statement_ids
    times = np.empty(a.votes)
    for i in range(a.votes):
        pid = int(pids[rng.integers(pids.size)]) if rng.random() < 0.9 else -1 - i
        sid = int(sids[rng.integers(sids.size)])
        t = time.perf_counter()
        live.add_vote(pid, sid, int(rng.integers(-1, 2)))
        times[i] = time.perf_counter() - t
    med = float(np.median(times))
    print(
        json.dumps(
            {
                "n_votes": int(conv.votes.n_votes),
                "full_s": round(full_s, 3),
                "full_cpu_s": round(full_cpu, 3),
                "setup_s": round(setup_s, 3),
                "per_vote_median_ms": round(1000 * med, 4),
                "per_vote_p99_ms": round(1000 * float(np.quantile(times, 0.99)), 4),
                "ratio": round(full_s / med),
                "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
        )
    )


if __name__ == "__main__":
    main()
