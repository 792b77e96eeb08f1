"""How often the engine finds the demo conversation's two views, over many draws of the demo's own generator.

    PYTHONPATH=src .venv/bin/python benchmarks/demo_groups.py [--draws 30]

The demo (``coproduce.conversations.demo``) makes 60 people vote on 19 statements: 3 in 5 hold view "a", the
rest view "b"; 4 statements each view agrees with (85 %, the other view 12 %), 11 everyone agrees with (88 %),
a fifth of the votes not cast. The same recipe is drawn here ``--draws`` times (seeds 0, 1, ...; the demo itself
is one draw, seed 2026) without Django, and analysed as the app does (seed 1, the demo conversation's id).
Prints how many draws gave each number of groups: two is the story's answer.
"""

from __future__ import annotations

import argparse
import collections
import random

import numpy as np

from coproduce.commonground.analysis import analyse
from coproduce.commonground.votes import Votes

KINDS = ["common"] * 8 + ["a"] * 4 + ["b"] * 4 + ["common"] * 3


def draw(seed: int, people: int = 60) -> Votes:
    rng = random.Random(seed)
    rows = []
    for i in range(people):
        view = "a" if i % 5 < 3 else "b"
        for j, kind in enumerate(KINDS):
            if rng.random() < 0.2:
                continue
            p = 0.88 if kind == "common" else (0.85 if kind == view else 0.12)
            r = rng.random()
            rows.append((i, j, 1 if r < p else (0 if r < p + 0.05 else -1)))
    a = np.array(rows)
    return Votes.from_events(a[:, 0], a[:, 1], a[:, 2].astype(np.int8))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=30)
    a = ap.parse_args()
    found = collections.Counter(analyse(draw(s), seed=1).diagnostics["k"] for s in range(a.draws))
    print(f"groups found over {a.draws} draws of the demo's recipe (2 planted): {dict(sorted(found.items()))}")


if __name__ == "__main__":
    main()
