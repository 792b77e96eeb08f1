"""A live conversation's recomputes: what keeping the choice of k between analyses saves (decision 0026).

    PYTHONPATH=src .venv/bin/python benchmarks/live_recompute.py [--people 400] [--statements 60] [--every 700,100]

A planted conversation (3 groups) is revealed vote by vote in a random order, and the worker's debounced
recompute is simulated every ``--every`` votes: ``analyse(votes so far, previous=the last analysis)``, as
``conversations.analysis`` runs it. Each schedule runs twice in this process, alternating: with the choice kept
(``mixture.RECHOOSE_GROWTH``, the default) and chosen afresh at every recompute (growth 0, the engine before
decision 0026). Prints, per schedule and setting: recomputes, how many chose k, the processor time of all of them,
the slowest, and the final k and its agreement (ARI) with the planted groups. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from coproduce.commonground import Votes, analyse, mixture, planted_conversation
from coproduce.commonground.cli import adjusted_rand_index


def run(planted, order: np.ndarray, every: int, growth: float) -> dict:
    mixture.RECHOOSE_GROWTH = growth
    v = planted.votes
    previous, times, chosen = None, [], 0
    for end in [*range(every, order.size, every), order.size]:
        keep = order[:end]
        votes = Votes.from_events(
            v.participant_ids[v.rows[keep]], v.statement_ids[v.cols[keep]], v.values[keep], statements=v.statement_ids
        )
        c = time.process_time()
        previous = analyse(votes, seed=0, previous=previous)
        times.append(time.process_time() - c)
        chosen += bool((previous.diagnostics.get("groups_model") or {}).get("chosen_now", True))
    ours = previous.participant_group
    mask = ours >= 0
    ari = adjusted_rand_index(planted.true_groups[previous.participant_ids[mask].astype(np.intp)], ours[mask])
    return {
        "recomputes": len(times),
        "chose_k": chosen,
        "cpu_s": round(sum(times), 2),
        "slowest_s": round(max(times), 3),
        "k": previous.diagnostics["k"],
        "ari": round(float(ari), 3),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=400)
    ap.add_argument("--statements", type=int, default=60)
    ap.add_argument("--every", default="700,100", help="votes between recomputes, one schedule per number")
    a = ap.parse_args()
    planted = planted_conversation(a.people, a.statements, 3, seed=11)
    order = np.random.default_rng(0).permutation(planted.votes.n_votes)
    default = mixture.RECHOOSE_GROWTH
    out: dict = {"people": a.people, "statements": a.statements, "votes": int(order.size), "growth": default}
    for every in [int(x) for x in a.every.split(",")]:
        rows = {}
        for setting, growth in (("kept", default), ("every time", 0.0), ("kept again", default)):
            rows[setting] = run(planted, order, every, growth)
        out[f"every {every} votes"] = rows
    mixture.RECHOOSE_GROWTH = default
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
