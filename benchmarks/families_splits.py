"""Tuning data for the choice of k (decision 0016, fourth round): per planted conversation, the held-out
log-likelihood per k on three held-out splits (split s drawn with purpose 1 + 10 s, so split 0 is the one the
third round used alone) and the null model's gain for every k a rule "best mean over the first m splits"
(m = 1, 2, 3) would choose, so that such rules can be compared offline on the same fits. One JSON line per
conversation: per[s][k] = [mean held-out log-likelihood, mean gain over one group, its standard error].

    PYTHONPATH=src .venv/bin/python benchmarks/families_splits.py --seeds 100,101 > splits.jsonl
    PYTHONPATH=src .venv/bin/python benchmarks/families_splits.py --summarise splits.jsonl   # the rules' table

Refuses the report seeds (``families.REPORT_SEEDS``): they are run only once a setting is fixed.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

import numpy as np

from coproduce.commonground import analyse, mixture
from coproduce.commonground.families import FAMILIES, REPORT_SEEDS, conversations

N_SPLITS = 3
_captured: dict[str, Any] = {}
_real_heldout = mixture._heldout


def _stats(ll: dict[int, np.ndarray]) -> dict[int, list[float]]:
    out = {}
    for k, v in ll.items():
        d = v - ll[1]
        se = float(d.std(ddof=1) / np.sqrt(d.size)) if d.size > 1 else 0.0
        out[k] = [float(v.mean()), float(d.mean()), se]
    return out


def _recording_heldout(Y, pos, ks, pk, sk, seed, split=1, **kw):  # type: ignore[no-untyped-def]
    """Stands in for mixture._heldout: on the first data split, also fits the other splits and the null
    model for every candidate k; returns what the real one would, so the analysis goes on as usual."""
    if split != 1:  # another data split or the null model: as is
        return _real_heldout(Y, pos, ks, pk, sk, seed, split, **kw)
    per, first = [], None
    for s in range(N_SPLITS):
        res = _real_heldout(Y, pos, ks, pk, sk, seed, 1 + 10 * s, **kw)
        first = first or res
        per.append(_stats(res[0]))
    cands = set()
    for m in range(1, N_SPLITS + 1):
        avg = {k: np.mean([per[s][k][0] for s in range(m)]) for k in ks}
        cands.add(max(ks, key=lambda k: (avg[k], -k)))
    null = mixture._permute_within_statements(Y, pk, sk, mixture._salt(seed, 3))
    null_gain = {}
    for k in sorted(c for c in cands if c > 1):
        nl = _real_heldout(null, pos, [1, k], pk, sk, seed, split=4)[0]
        null_gain[k] = float((nl[k] - nl[1]).mean())
    _captured.update(per=per, null=null_gain)
    return first


def choose(row: dict[str, Any], m: int, pooled: bool = False, z: float = 2.0) -> int | None:
    """The k the rule "best mean over the first m splits" gives (None: its null gain was not computed)."""
    per = row["per"]
    ks = sorted(int(k) for k in per[0])
    avg = {k: np.mean([per[s][str(k)][0] for s in range(m)]) for k in ks}
    kc = max(ks, key=lambda k: (avg[k], -k))
    if kc == 1:
        return 1
    gain = float(np.mean([per[s][str(kc)][1] for s in range(m)]))
    se = float(np.mean([per[s][str(kc)][2] for s in range(m)])) / (np.sqrt(m) if pooled else 1.0)
    null_gain = row["null"].get(str(kc))
    if null_gain is None:
        return None
    return kc if gain > max(null_gain, 0.0) + z * se else 1


def summarise(path: str) -> None:
    rows = [json.loads(line) for line in open(path)]
    fams = list(dict.fromkeys(r["family"] for r in rows))
    print("rule", *fams, "with groups", "without", sep=" | ")
    for m, pooled, z in [(1, False, 2.0), (2, False, 2.0), (3, False, 2.0), (2, True, 2.0), (3, True, 2.0),
                         (1, False, 1.5), (3, False, 1.5)]:  # fmt: skip
        cells, hit, tot, hit1, tot1 = [], 0, 0, 0, 0
        for f in fams:
            rs = [r for r in rows if r["family"] == f]
            ok = [choose(r, m, pooled, z) == r["planted_k"] for r in rs]
            cells.append(f"{sum(ok)}/{len(ok)}")
            for r, o in zip(rs, ok, strict=True):
                if r["planted_k"] == 1:
                    hit1, tot1 = hit1 + o, tot1 + 1
                else:
                    hit, tot = hit + o, tot + 1
        name = f"{m} split(s){', pooled se' if pooled else ''}{f', null z {z}' if z != 2.0 else ''}"
        print(name, *cells, f"{hit}/{tot}", f"{hit1}/{tot1}", sep=" | ")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="100,101")
    ap.add_argument("--families", default="", help="comma-separated names (default: all)")
    ap.add_argument("--summarise", metavar="JSONL", help="print the rules' table from an earlier run's output")
    a = ap.parse_args()
    if a.summarise:
        summarise(a.summarise)
        return
    seeds = tuple(int(s) for s in a.seeds.split(","))
    if set(seeds) & set(REPORT_SEEDS):
        raise SystemExit("tuning seeds only: the report seeds are run once a setting is fixed")
    fams = tuple(f for f in FAMILIES if not a.families or f.name in a.families.split(","))
    mixture._heldout = _recording_heldout
    mixture.SPLITS = 1  # the analysis itself as in the third round; the other splits are fitted above
    for fam, k, seed, c in conversations(fams, seeds):
        _captured.clear()
        t = time.perf_counter()
        an = analyse(c.votes, seed=seed)
        row = {"family": fam.name, "planted_k": k, "seed": seed, "k": an.diagnostics["k"]}
        row |= {"s": round(time.perf_counter() - t, 2), "per": _captured.get("per"), "null": _captured.get("null")}
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
