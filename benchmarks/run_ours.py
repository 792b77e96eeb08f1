"""One coproduce engine run in a fresh process (project venv). Prints one JSON object on its last line.

    .venv/bin/python benchmarks/run_ours.py --synthetic FILE.npz [--seed 0]
    .venv/bin/python benchmarks/run_ours.py --polis DIR [--seed 0]

Timings: ``votes_s`` is ``Votes.from_events`` (events -> sparse matrix, latest vote wins), ``analyse_s`` is
``analyse``; ``total_s`` is both, the whole analysis from events. ``to_dict_s`` (the JSON-ready dict) is timed
separately. Per-stage timings are the engine's own ``diagnostics``.
"""

from __future__ import annotations

import argparse
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


def _find(d, *names):
    for n in names:
        if isinstance(d, dict) and n in d and d[n] is not None:
            return d[n]
    return None


def main() -> None:
    ap = argparse.ArgumentParser()
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--synthetic", type=Path)
    src.add_argument("--polis", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--polis-compatible",
        action="store_true",
        help="analyse(..., **POLIS_COMPATIBLE): cluster exactly as Polis describes",
    )
    ap.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also run analyse once more under cProfile and report the N functions with the most "
        "own time (not part of the timed run)",
    )
    a = ap.parse_args()
    try:
        from coproduce.commonground import Votes, analyse
    except ImportError:  # the package's public names not exported yet: the modules directly
        from coproduce.commonground.analysis import analyse
        from coproduce.commonground.votes import Votes

    out: dict = {"tool": "coproduce"}
    out["rss_after_import_mb"] = rss_mb()
    excluded: frozenset = frozenset()
    truth: dict = {}
    if a.synthetic:
        syn = synth.load(a.synthetic)
        out["input_mb"] = syn.nbytes / 1e6
        out["rss_after_load_mb"] = rss_mb()
        c0 = time.process_time()
        t0 = time.perf_counter()
        votes = Votes.from_events(syn.participant, syn.statement, syn.value)
        votes_s = time.perf_counter() - t0
        excluded = frozenset(syn.excluded.tolist())
        truth = dict(enumerate(syn.group.tolist()))
    else:
        try:
            from coproduce.commonground import read_polis
        except ImportError:
            from coproduce.commonground.polis import read_polis

        t0 = time.perf_counter()
        conv = read_polis(a.polis)
        out["read_s"] = time.perf_counter() - t0
        out["rss_after_load_mb"] = rss_mb()
        votes = conv.votes
        votes_s = 0.0
        c0 = time.process_time()
        excluded = frozenset(conv.excluded)
        truth = dict(conv.polis_groups)
    out["n_votes"] = int(votes.n_votes)
    out["n_participants"] = int(votes.n_participants)
    out["n_statements"] = int(votes.n_statements)

    options: dict = {}
    if a.polis_compatible:
        from coproduce.commonground.analysis import POLIS_COMPATIBLE

        options = dict(POLIS_COMPATIBLE)
        out["mode"] = "polis-compatible"
    t1 = time.perf_counter()
    analysis = analyse(votes, excluded=excluded, seed=a.seed, **options)
    out["analyse_s"] = time.perf_counter() - t1
    out["votes_s"] = votes_s
    out["total_s"] = votes_s + out["analyse_s"]
    out["cpu_s"] = time.process_time() - c0  # all threads: less sensitive than wall time to a busy machine
    out["rss_after_analyse_mb"] = rss_mb()

    t2 = time.perf_counter()
    d = analysis.to_dict()
    out["to_dict_s"] = time.perf_counter() - t2

    diag = d.get("diagnostics", {}) or {}
    timings = _find(diag, "timings", "timings_s", "timing") or {}
    out["stages"] = {str(k): float(v) for k, v in timings.items() if isinstance(v, (int, float))}
    out["k"] = _find(diag, "k")
    sil = _find(diag, "silhouettes", "silhouette")
    out["silhouettes"] = sil if isinstance(sil, (dict, list, float, int)) else None

    ours, ref = [], []
    for p in d.get("participants", []):
        g = p.get("group")
        t = truth.get(p.get("id"))
        if g is None or t is None:
            continue
        ours.append(int(g))
        ref.append(int(t))
    out["n_clustered"] = sum(1 for p in d.get("participants", []) if p.get("group") is not None)
    out["ari_n"] = len(ours)
    out["ari"] = float(synth.adjusted_rand_index(ref, ours)) if ours else None
    if a.synthetic:
        # Planted common ground recovered (a sanity check on the synthetic data, not a claim).
        cg = np.zeros(syn.n_statements, bool)
        for s in d.get("statements", []):
            if s.get("common_ground") is True and not s.get("excluded"):
                cg[int(s["id"])] = True
        planted = syn.common_ground.copy()
        planted[syn.excluded] = False
        out["cg_recall"] = float(cg[planted].mean()) if planted.any() else None
        out["cg_false_rate"] = float(cg[~planted].mean()) if (~planted).any() else None
    out["rss_peak_self_mb"] = rss_mb()
    if a.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        analyse(votes, excluded=excluded, seed=a.seed, **options)
        prof.disable()
        st = pstats.Stats(prof)
        rows = sorted(st.stats.items(), key=lambda kv: -kv[1][2])[: a.profile]
        out["profile"] = [
            {
                "function": f"{Path(fn).name}:{line}({name})",
                "calls": int(nc),
                "own_s": round(tt, 4),
                "cumulative_s": round(ct, 4),
            }
            for (fn, line, name), (cc, nc, tt, ct, _) in rows
        ]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
