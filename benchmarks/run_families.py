"""The planted families (``coproduce.commonground.families``): does each method find the planted number of
groups, and how well do its groups predict hidden votes? Prints one JSON object on its last line.

    .venv/bin/python benchmarks/run_families.py [--seeds 100,101,102,103] [--tuning-only] [--modes default,polis]

For every family, planted k and seed: the method's k and adjusted Rand index against the planted groups (on
all the votes), and the held-out log-loss (``coproduce.commonground.heldout``: 10 % of the votes hidden, groups
found on the rest, each hidden vote predicted from its voter's group's shares).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict

import numpy as np

MODES = {
    "default": {},
    "polis": "POLIS_COMPATIBLE",
    "kmeans": {"group_model": "kmeans"},  # the engine's earlier default (5 axes, refined k-means, k by silhouette)
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="100,101,102,103")
    ap.add_argument("--tuning-only", action="store_true", help="only the families not held out")
    ap.add_argument("--families", default="", help="comma-separated names (default: all)")
    ap.add_argument("--modes", default="default,polis")
    ap.add_argument("--no-heldout", action="store_true", help="skip the held-out log-loss (faster)")
    a = ap.parse_args()

    from sklearn.metrics import adjusted_rand_score

    from coproduce.commonground import POLIS_COMPATIBLE, analyse
    from coproduce.commonground.families import FAMILIES, conversations
    from coproduce.commonground.heldout import log_loss, split_votes

    fams = tuple(f for f in FAMILIES if (not a.tuning_only or not f.held_out))
    if a.families:
        fams = tuple(f for f in fams if f.name in a.families.split(","))
    seeds = tuple(int(s) for s in a.seeds.split(","))
    modes = a.modes.split(",")
    rows = []
    t0 = time.perf_counter()
    for fam, k, seed, planted in conversations(fams, seeds):
        truth = planted.true_groups[planted.votes.participant_ids]
        row = {"family": fam.name, "held_out": fam.held_out, "planted_k": k, "seed": seed}
        train, held = (None, None) if a.no_heldout else split_votes(planted.votes, 0.1, seed=seed)
        for mode in modes:
            opts = dict(POLIS_COMPATIBLE) if MODES[mode] == "POLIS_COMPATIBLE" else dict(MODES[mode])
            t = time.perf_counter()
            an = analyse(planted.votes, seed=seed, **opts)
            row[f"{mode}_s"] = time.perf_counter() - t
            g = an.participant_group
            m = g >= 0
            row[f"{mode}_k"] = an.diagnostics["k"]
            row[f"{mode}_ari"] = float(adjusted_rand_score(truth[m], g[m])) if k > 1 else None
            if train is not None:
                at = analyse(train, seed=seed, **opts)
                row[f"{mode}_logloss"] = log_loss(train, held, _indices(at.participant_group))
        if train is not None:
            row["truth_logloss"] = log_loss(train, held, truth)
            row["one_logloss"] = log_loss(train, held, np.zeros_like(truth))
        rows.append(row)
    summary: dict = defaultdict(dict)
    for mode in modes:
        for name in sorted({r["family"] for r in rows}, key=[f.name for f in FAMILIES].index):
            rs = [r for r in rows if r["family"] == name]
            summary[mode][name] = {
                "k_found": float(np.mean([r[f"{mode}_k"] == r["planted_k"] for r in rs])),
                "n": len(rs),
            }
        structured = [r for r in rows if r["planted_k"] > 1]
        none = [r for r in rows if r["planted_k"] == 1]
        summary[mode]["all_structured"] = float(np.mean([r[f"{mode}_k"] == r["planted_k"] for r in structured]))
        summary[mode]["no_structure_k1"] = f"{sum(r[f'{mode}_k'] == 1 for r in none)}/{len(none)}"
    print(json.dumps({"rows": rows, "summary": summary, "seconds": time.perf_counter() - t0}))


def _indices(labels: np.ndarray) -> np.ndarray:
    """Group labels -> 0..k-1 (-1 kept)."""
    out = np.full(labels.size, -1, dtype=np.int64)
    m = labels >= 0
    if m.any():
        out[m] = np.unique(labels[m], return_inverse=True)[1]
    return out


if __name__ == "__main__":
    main()
