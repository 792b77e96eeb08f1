"""One red-dwarf run in a fresh process (runs under the separate benchmark venv, ``.venv-bench``).

Never imports coproduce. Prints one JSON object on the last line of standard output.

    .venv-bench/bin/python benchmarks/run_reddwarf.py --synthetic FILE.npz [--seed 0]
    .venv-bench/bin/python benchmarks/run_reddwarf.py --polis DIR [--seed 0]

Timings: ``prep`` turns the input into red-dwarf's input format (a list of vote dicts, latest vote per
participant and statement); ``pipeline`` is ``reddwarf.implementations.polis.run_pipeline`` itself
(vote matrix, PCA, k-means with k by silhouette, group statistics, group-aware consensus, consensus and
representative statements).
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def latest_votes(pid: np.ndarray, sid: np.ndarray, val: np.ndarray) -> tuple[np.ndarray, ...]:
    """Keep the last event per (participant, statement); events are in time order."""
    S = int(sid.max()) + 1 if sid.size else 1
    code = pid.astype(np.int64) * S + sid
    rev = code[::-1]
    _, first_in_rev = np.unique(rev, return_index=True)
    keep = np.sort(code.size - 1 - first_in_rev)
    return pid[keep], sid[keep], val[keep]


def read_polis_csv(folder: Path) -> tuple[list[dict], list[int], dict[int, int | None]]:
    """votes (latest per voter and comment), moderated-out comment ids, Polis group-id per participant."""
    latest: dict[tuple[int, int], tuple[int, int]] = {}
    with open(folder / "votes.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (int(row["voter-id"]), int(row["comment-id"]))
            ts = int(row["timestamp"])
            if key not in latest or ts >= latest[key][0]:
                latest[key] = (ts, int(row["vote"]))
    votes = [{"participant_id": p, "statement_id": s, "vote": v, "modified": ts} for (p, s), (ts, v) in latest.items()]
    mod_out: list[int] = []
    with open(folder / "comments.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("moderated", "").strip() == "-1":
                mod_out.append(int(row["comment-id"]))
    groups: dict[int, int | None] = {}
    with open(folder / "participants-votes.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            g = row.get("group-id", "").strip()
            groups[int(row["participant"])] = int(g) if g else None
    return votes, mod_out, groups


def main() -> None:
    ap = argparse.ArgumentParser()
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--synthetic", type=Path)
    src.add_argument("--polis", type=Path)
    src.add_argument(
        "--events",
        type=Path,
        help=".npz of latest votes (participant, statement, value, excluded): print the groups as 'labels' "
        "(used for the held-out log-loss, computed by the caller)",
    )
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()

    from importlib.metadata import version

    import reddwarf  # noqa: F401  (import cost is not part of the timings)
    from reddwarf.implementations.polis import run_pipeline

    out: dict = {"tool": "red-dwarf", "version": version("red-dwarf")}
    out["rss_after_import_mb"] = rss_mb()

    t0 = time.perf_counter()
    if a.synthetic:
        syn = synth.load(a.synthetic)
        out["input_mb"] = syn.nbytes / 1e6
        out["rss_after_load_mb"] = rss_mb()
        t0 = time.perf_counter()
        p, s, v = latest_votes(syn.participant, syn.statement, syn.value)
        votes = [
            {"participant_id": pp, "statement_id": ss, "vote": vv, "modified": i}
            for i, (pp, ss, vv) in enumerate(zip(p.tolist(), s.tolist(), v.tolist()))
        ]
        mod_out = syn.excluded.tolist()
        truth = {i: int(g) for i, g in enumerate(syn.group.tolist())}
    elif a.events:
        z = np.load(a.events)
        votes = [
            {"participant_id": pp, "statement_id": ss, "vote": vv, "modified": i}
            for i, (pp, ss, vv) in enumerate(
                zip(z["participant"].tolist(), z["statement"].tolist(), z["value"].tolist())
            )
        ]
        mod_out = z["excluded"].tolist()
        truth = {}
    else:
        votes, mod_out, truth = read_polis_csv(a.polis)
        out["rss_after_load_mb"] = rss_mb()
    out["prep_s"] = time.perf_counter() - t0
    out["n_votes"] = len(votes)
    out["rss_after_prep_mb"] = rss_mb()

    t1 = time.perf_counter()
    c1 = time.process_time()
    result = run_pipeline(votes=votes, mod_out_statement_ids=mod_out, random_state=a.seed)
    out["pipeline_s"] = time.perf_counter() - t1
    out["cpu_s"] = time.process_time() - c1  # all threads

    df = result.participants_df
    labels = df["cluster_id"]
    ours, ref = [], []
    for pid, lab in labels.items():
        t = truth.get(int(pid))
        if t is None or lab is None or (isinstance(lab, float) and np.isnan(lab)) or str(lab) == "<NA>":
            continue
        ours.append(int(lab))
        ref.append(int(t))
    out["k"] = int(labels.dropna().nunique())
    out["n_clustered"] = int(labels.notna().sum())
    out["ari_n"] = len(ours)
    out["ari"] = float(synth.adjusted_rand_index(ref, ours)) if ours else None
    if a.events:
        out["labels"] = {
            str(int(pid)): int(lab)
            for pid, lab in labels.items()
            if not (lab is None or (isinstance(lab, float) and np.isnan(lab)) or str(lab) == "<NA>")
        }
    out["rss_peak_self_mb"] = rss_mb()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
