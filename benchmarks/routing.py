"""Routing simulation: votes needed for a stable map, and to find the common ground, under three routing policies.

Replays planted conversations (coproduce.commonground.planted_conversation) one vote per participant per
round, re-analysing after every round, until the adjusted Rand index to the planted groups (over every
participant; not yet grouped counts as wrong) first reaches 0.9 and the common-ground label has found 80 % of the
planted common-ground statements. The policies — random, Polis's priority, and the engine's mixed priority
(docs/decisions/0007-routing.md) — see the same conversations and seeds, side by side.

    .venv/bin/python benchmarks/routing.py                 # prints the table
    .venv/bin/python benchmarks/routing.py --write-docs    # and rewrites its section of docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from coproduce.commonground import planted_conversation  # noqa: E402
from coproduce.commonground.evaluation import simulate_routing  # noqa: E402

DOC = ROOT / "docs" / "benchmarks.md"
START = "<!-- routing:start (written by benchmarks/routing.py --write-docs; do not edit by hand) -->"
END = "<!-- routing:end -->"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--statements", type=int, default=60)
    parser.add_argument("--groups", default="2,3,4")
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)

    policies = {  # name in the table: (policy, analyse options)
        "random": ("random", {}),
        "Polis priority": ("priority", {"routing": "polis"}),
        "mixed priority (ours)": ("priority", {"routing": "mixed"}),
    }
    rows = []
    started = time.perf_counter()
    for k in [int(g) for g in args.groups.split(",")]:
        found = {name: {"map": [], "common_ground": []} for name in policies}
        for seed in range(args.seeds):
            planted = planted_conversation(
                n_participants=args.participants, n_statements=args.statements, n_groups=k, seed=seed
            )
            for name, (policy, options) in policies.items():
                result = simulate_routing(planted, policy, seed=seed, **options)
                found[name]["map"].append(result["votes_needed"])
                found[name]["common_ground"].append(result["common_ground_votes_needed"])
        rows.append((k, found))
        print(
            f"{k} groups: " + "  ".join(f"{name} {f['map']} / {f['common_ground']}" for name, f in found.items()),
            flush=True,
        )
    took = time.perf_counter() - started

    def cell(values: list) -> str:
        reached = [v for v in values if v is not None]
        if not reached:
            return "never"
        text = f"{statistics.median(reached):,.0f}"
        return text if len(reached) == len(values) else f"{text} ({len(values) - len(reached)} never)"

    def ratio(policy: list, random: list) -> str:
        pairs = [(r, p) for r, p in zip(random, policy) if r and p]
        return f"{statistics.median(p / r for r, p in pairs):.2f}" if pairs else "–"

    table = [
        "| planted groups | what | " + " | ".join(policies) + " | Polis ÷ random | ours ÷ random |",
        "|---|---|" + "---|" * (len(policies) + 2),
    ]
    for k, found in rows:
        for what, label in (("map", "stable map"), ("common_ground", "common ground found")):
            values = [found[name][what] for name in policies]
            table.append(
                f"| {k} | {label} | "
                + " | ".join(cell(v) for v in values)
                + f" | {ratio(values[1], values[0])} | {ratio(values[2], values[0])} |"
            )
    text = "\n".join(table)
    print(text)
    if args.write_docs:
        section = f"""{START}
## Routing: votes needed for a stable map

Measured {time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}; command `make bench` (this part:
`benchmarks/routing.py --write-docs`), {took:.0f} s. Planted conversations of {args.participants} participants ×
{args.statements} statements, seeds 0–{args.seeds - 1}; every round each participant votes once on a statement they
have not seen, chosen uniformly at random or in proportion to a routing priority: Polis's (`engine.md`) or ours,
half Polis's and half statements that split the room (`docs/decisions/0007-routing.md`). Cells are the median
votes needed over the seeds: for a **stable map** (the adjusted Rand index to the planted groups, over every
participant, first reaches 0.9) and for the **common ground found** (the common-ground label on 80 % of the
planted common-ground statements); the ratios are medians of per-seed ratios. Fewer votes is better. The mixed
priority was chosen on seeds 0–5 and checked on seeds 8–15 before these figures were taken.

{text}
{END}"""
        doc = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
        if START in doc and END in doc:
            doc = doc[: doc.index(START)] + section + doc[doc.index(END) + len(END) :]
        else:
            doc = doc.rstrip("\n") + "\n\n" + section + "\n"
        DOC.write_text(doc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
