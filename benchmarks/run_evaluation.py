"""Bridging (matrix factorisation) vs group-aware consensus on planted data, in a fresh process.

A thin wrapper round the engine's own ``coproduce.commonground.evaluation.score_comparison`` (the one
place these figures are defined) that turns its rows into a markdown table by number of planted groups.
Prints one JSON object on its last line with ``table`` (markdown lines), ``description`` and ``mean``.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections import defaultdict

GROUPS = (2, 3, 4, 5, 6)


def fmt(x, d=3):
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{d}f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--n-seeds", type=int, default=5)
    a = ap.parse_args()
    seeds = list(range(a.seed, a.seed + a.n_seeds))

    from coproduce.commonground.evaluation import score_comparison

    t0 = time.perf_counter()
    res = score_comparison(n_groups=GROUPS, seeds=seeds)
    k = res["settings"].get("k", 10)
    by_g: dict[int, list[dict]] = defaultdict(list)
    for r in res["rows"]:
        by_g[r["n_groups"]].append(r)

    def mean(rows, key):
        vals = [r.get(key) for r in rows if r.get(key) is not None and not math.isnan(r.get(key))]
        return sum(vals) / len(vals) if vals else None

    table = [
        f"| planted groups | GAC: AUC | bridging: AUC | label lower bound: AUC | GAC: precision@{k} "
        f"| bridging: precision@{k} | label: recall | label: false-positive rate | groups: ARI |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for g in GROUPS:
        rows = by_g.get(g, [])
        table.append(
            f"| {g} | {fmt(mean(rows, 'auc_gac'), 4)} | {fmt(mean(rows, 'auc_bridging'), 4)} "
            f"| {fmt(mean(rows, 'auc_label_lower'), 4)} | {fmt(mean(rows, f'p_at_{k}_gac'), 2)} "
            f"| {fmt(mean(rows, f'p_at_{k}_bridging'), 2)} | {fmt(mean(rows, 'label_recall'), 3)} "
            f"| {fmt(mean(rows, 'label_false_positive_rate'), 3)} | {fmt(mean(rows, 'ari'), 3)} |"
        )
    m = res["mean"]
    table.append(
        f"| **all ({len(res['rows'])})** | **{fmt(m.get('auc_gac'), 4)}** | **{fmt(m.get('auc_bridging'), 4)}** "
        f"| **{fmt(m.get('auc_label_lower'), 4)}** | **{fmt(m.get(f'p_at_{k}_gac'), 2)}** "
        f"| **{fmt(m.get(f'p_at_{k}_bridging'), 2)}** | **{fmt(m.get('label_recall'), 3)}** "
        f"| **{fmt(m.get('label_false_positive_rate'), 3)}** | **{fmt(m.get('ari'), 3)}** |"
    )
    s = res["settings"]
    description = (
        f"`coproduce.commonground.evaluation.score_comparison(n_groups={GROUPS}, seeds={seeds})`: "
        f"`planted_conversation({s.get('n_participants')}, {s.get('n_statements')}, n_groups, seed)` analysed "
        "by the engine with its own groups; mean over the seeds. AUC: the chance that a planted common-ground "
        "statement ranks above one that is not (no score ranks last); precision@k: the share of the k "
        "top-ranked statements that are planted common ground; label: the `common_ground` = true label "
        "(recall over planted common ground, false positives over the rest). Which score drives the label, "
        "and why: `docs/decisions/0002-common-ground-label.md`."
    )
    print(
        json.dumps(
            {
                "description": description,
                "table": table,
                "mean": m,
                "summary": {"auc_gac": m.get("auc_gac"), "auc_bridging": m.get("auc_bridging")},
                "seconds": time.perf_counter() - t0,
            },
            default=str,
        )
    )


if __name__ == "__main__":
    main()
