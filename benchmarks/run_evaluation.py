"""Bridging (matrix factorisation) vs group-aware consensus on planted data, in a fresh process.

Uses ``coproduce.commonground.evaluation`` when the engine has it; otherwise measures the same thing here,
from ``planted_conversation`` + ``analyse`` (and says so). Prints one JSON object on its last line with a
``table`` (markdown lines) and a ``description``.

AUC: the chance that a planted common-ground statement is ranked above a statement that is not (ties count
half; a statement without a score ranks last). Precision at 10: the share of the 10 top-ranked statements
that are planted common ground. Both over the statements in the analysis (none moderated out), averaged
over seeds, for 2 to 6 planted groups (500 participants x 100 statements, at least 20 votes each).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import numpy as np

GROUPS = (2, 3, 4, 5, 6)


def auc(scores: np.ndarray, positive: np.ndarray) -> float | None:
    s = np.where(np.isfinite(scores), scores, -np.inf)
    pos, neg = s[positive], s[~positive]
    if not pos.size or not neg.size:
        return None
    # Mann-Whitney U with ties counted half.
    greater = (pos[:, None] > neg[None, :]).sum()
    ties = (pos[:, None] == neg[None, :]).sum()
    return float((greater + 0.5 * ties) / (pos.size * neg.size))


def precision_at(scores: np.ndarray, positive: np.ndarray, k: int = 10) -> float:
    s = np.where(np.isfinite(scores), scores, -np.inf)
    order = np.lexsort((np.arange(s.size), -s))[:k]
    return float(positive[order].mean()) if order.size else float("nan")


def own_evaluation(seeds: list[int]) -> dict:
    from coproduce.commonground import analyse, planted_conversation

    rows = []
    for g in GROUPS:
        per = {"gac_auc": [], "bridging_auc": [], "gac_p10": [], "bridging_p10": [], "label_precision": [],
               "label_recall": [], "label_false_rate": []}
        for seed in seeds:
            conv = planted_conversation(500, 100, n_groups=g, seed=seed)
            d = analyse(conv.votes, seed=0).to_dict()
            st = [s for s in d["statements"] if not s["excluded"]]
            pos = np.array([s["id"] in conv.common_ground for s in st])
            gac = np.array([np.nan if s["group_aware_consensus"] is None else s["group_aware_consensus"] for s in st])
            br = np.array([np.nan if s["bridging"] is None else s["bridging"] for s in st])
            for name, sc in (("gac", gac), ("bridging", br)):
                a = auc(sc, pos)
                if a is not None:
                    per[f"{name}_auc"].append(a)
                per[f"{name}_p10"].append(precision_at(sc, pos))
            lab = np.array([s["common_ground"] is True for s in st])
            if lab.any():
                per["label_precision"].append(float(pos[lab].mean()))
            if pos.any():
                per["label_recall"].append(float(lab[pos].mean()))
            if (~pos).any():
                per["label_false_rate"].append(float(lab[~pos].mean()))
        rows.append({"groups": g, **{k: (statistics.mean(v) if v else None) for k, v in per.items()}})
    return {"rows": rows}


def fmt(x, d=3):
    return "—" if x is None else f"{x:.{d}f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--n-seeds", type=int, default=5)
    a = ap.parse_args()
    seeds = list(range(a.seed, a.seed + a.n_seeds))
    t0 = time.perf_counter()
    source = "benchmarks/run_evaluation.py (coproduce.commonground.evaluation not available)"
    res = None
    try:
        from coproduce.commonground import evaluation  # noqa: F401
    except ImportError:
        evaluation = None
    if evaluation is not None:
        fn = None
        for name in ("bridging_vs_gac", "compare_bridging_gac", "evaluate_common_ground_scores", "compare_scores"):
            fn = getattr(evaluation, name, None)
            if fn:
                break
        if fn is not None:
            res = {"module": fn(seeds=seeds) if "seeds" in fn.__code__.co_varnames else fn()}
            source = f"coproduce.commonground.evaluation.{fn.__name__}"
    own = own_evaluation(seeds)
    table = [
        "| planted groups | GAC: AUC | bridging: AUC | GAC: precision@10 | bridging: precision@10 "
        "| label: precision | label: recall | label: other statements wrongly labelled |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in own["rows"]:
        table.append(f"| {r['groups']} | {fmt(r['gac_auc'])} | {fmt(r['bridging_auc'])} | {fmt(r['gac_p10'], 2)} "
                     f"| {fmt(r['bridging_p10'], 2)} | {fmt(r['label_precision'], 2)} | {fmt(r['label_recall'], 2)} "
                     f"| {fmt(r['label_false_rate'], 3)} |")
    description = (
        f"`planted_conversation(500, 100, n_groups=k, seed=s)` for s in {seeds[0]}..{seeds[-1]}, analysed with "
        "`analyse(votes, seed=0)`; mean over the seeds. AUC: the chance that a planted common-ground statement "
        "ranks above one that is not (a statement with no score ranks last); precision@10: the share of the 10 "
        "top-ranked statements that are planted common ground. \"Label\" is the engine's `common_ground` = true "
        "label (unsure counts as not labelled). Computed by benchmarks/run_evaluation.py."
    )
    out = {"source": source, "description": description, "table": table, "rows": own["rows"],
           "seconds": time.perf_counter() - t0}
    if res is not None:
        out["module_result"] = res
    out["summary"] = {f"k={r['groups']}": (fmt(r["gac_auc"]), fmt(r["bridging_auc"])) for r in own["rows"]}
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    main()
