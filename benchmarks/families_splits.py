"""Experiment (issue 22 gate, fourth round): per conversation, the held-out log-likelihood per k on 3 splits
(split s drawn with salt purpose 1 + 10 s; s = 0 is the current split) and the null model's gain for every
candidate k, so that the choice rules can be compared offline on the same fits. Prints one JSON line per
conversation. Tuning seeds only."""
import argparse, json, sys, time
import numpy as np
from coproduce.commonground import analyse, mixture
from coproduce.commonground.families import FAMILIES, conversations, REPORT_SEEDS

S = 3
cap = {}
real_heldout = mixture._heldout


def _stats(ll):
    out = {}
    for k, v in ll.items():
        d = v - ll[1]
        out[k] = [float(v.mean()), float(d.mean()), float(d.std(ddof=1) / np.sqrt(d.size)) if d.size > 1 else 0.0]
    return out


def wrapped(Y, pos, ks, pk, sk, seed, split=1):
    if split != 1:  # the production null call: leave as is
        return real_heldout(Y, pos, ks, pk, sk, seed, split)
    per = []
    first = None
    for s in range(S):
        ll, fits = real_heldout(Y, pos, ks, pk, sk, seed, 1 + 10 * s)
        if s == 0:
            first = (ll, fits)
        per.append(_stats(ll))
    # candidate ks: argmax of the mean over the first 1, 2, 3 splits
    cands = set()
    for m in (1, 2, 3):
        avg = {k: np.mean([per[s][k][0] for s in range(m)]) for k in ks}
        cands.add(max(ks, key=lambda k: (avg[k], -k)))
    null = mixture._permute_within_statements(Y, pk, sk, mixture._salt(seed, 3))
    ng = {}
    for k in sorted(cands):
        if k > 1:
            nl, _ = real_heldout(null, pos, [1, k], pk, sk, seed, split=4)
            ng[k] = float((nl[k] - nl[1]).mean())
    cap["per"] = per
    cap["null"] = ng
    return first


mixture._heldout = wrapped
ap = argparse.ArgumentParser()
ap.add_argument("--seeds", default="100,101")
ap.add_argument("--families", default="")
a = ap.parse_args()
seeds = tuple(int(s) for s in a.seeds.split(","))
assert not set(seeds) & set(REPORT_SEEDS), "tuning seeds only"
fams = tuple(f for f in FAMILIES if not a.families or f.name in a.families.split(","))
for fam, k, seed, c in conversations(fams, seeds):
    cap.clear()
    t = time.perf_counter()
    an = analyse(c.votes, seed=seed)
    print(json.dumps({"family": fam.name, "planted_k": k, "seed": seed, "k": an.diagnostics["k"],
                      "s": round(time.perf_counter() - t, 2), "per": cap.get("per"), "null": cap.get("null")}), flush=True)
