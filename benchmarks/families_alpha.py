"""Tuning data for the prior of the group model (decision 0016, seventh round): for each prior strength (``ALPHA``,
pseudo-votes at a statement's overall shares), the k the default analysis finds on the tuning families, one line
per family and planted k.

    PYTHONPATH=src .venv/bin/python benchmarks/families_alpha.py --alphas 1,2,3,4,5,6,8 \\
        --families small,none-small --seeds 100,101,102,103,104,105,106,107
    PYTHONPATH=src .venv/bin/python benchmarks/families_alpha.py --alphas 1,4,5,6 \\
        --families dense,sparse,unequal,none-dense --seeds 100,101,102,103

Refuses the report seeds (``families.REPORT_SEEDS``) and the held-out families: they are run only once a setting is
fixed (``benchmarks/run_families.py``).
"""

from __future__ import annotations

import argparse
from collections import defaultdict

from coproduce.commonground import analyse, mixture
from coproduce.commonground.families import FAMILIES, REPORT_SEEDS, conversations


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--alphas", default="1,5")
    ap.add_argument("--families", default="small,none-small")
    ap.add_argument("--seeds", default="100,101,102,103")
    a = ap.parse_args()
    seeds = tuple(int(s) for s in a.seeds.split(","))
    names = a.families.split(",")
    families = tuple(f for f in FAMILIES if f.name in names)
    if set(seeds) & set(REPORT_SEEDS) or any(f.held_out for f in families):
        ap.error("tuning data only: no report seed, no held-out family")
    for alpha in (float(x) for x in a.alphas.split(",")):
        mixture.ALPHA = alpha  # read by the fits when they are called
        found: dict[tuple[str, int], list[int]] = defaultdict(list)
        for fam, k, _seed, planted in conversations(families, seeds):
            found[(fam.name, k)].append(int(analyse(planted.votes).diagnostics["k"]))
        hits = sum(k == kk for (_, k), ks in found.items() for kk in ks)
        total = sum(len(ks) for ks in found.values())
        print(f"alpha {alpha:g}: {hits}/{total} planted k found")
        for (name, k), ks in found.items():
            print(f"  {name} k={k}: {sum(x == k for x in ks)}/{len(ks)} found {ks}")


if __name__ == "__main__":
    main()
