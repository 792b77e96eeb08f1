"""Two checkouts' `coproduce analyse DIR --no-report`, the whole command, alternating: wall, CPU and peak memory.

    .venv/bin/python benchmarks/whole_ab.py BEFORE_SRC AFTER_SRC DIR [--runs 4]

BEFORE_SRC and AFTER_SRC are the ``src`` folders of two checkouts (e.g. a ``git worktree`` of an older commit and
this one's ``src``); both run with this venv's interpreter and libraries, each run a fresh process timed as
``make bench`` times it (``engine.run_child`` on ``quality.analyse_command``), before and after alternating so
that the machine's noise hits both. For each run: wall seconds, user and system CPU seconds, peak resident memory
(from ``wait4``) and minor page faults; then the medians. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from engine import run_child  # this folder is on the path when the script runs
from quality import analyse_command


def run(src: Path, folder: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as out:
        res = run_child(
            analyse_command(sys.executable, folder, out), 600, {**os.environ, "PYTHONPATH": str(src)}, json_line=False
        )
    if "error" in res:
        raise SystemExit(f"{src}: {res['error']}")
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("dir", type=Path)
    ap.add_argument("--runs", type=int, default=4)
    a = ap.parse_args()
    got: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    for i in range(a.runs):
        for name in ("before", "after") if i % 2 == 0 else ("after", "before"):
            r = run(getattr(a, name).resolve(), a.dir.resolve())  # the child runs in the repository's root
            got[name].append(r)
            print(
                f"{name}: {r['wall_s']:.2f} s wall, {r['user_s']:.2f} user, {r['sys_s']:.2f} sys, {r['max_rss_mb']:.0f} MB"
            )
    keys = ["wall_s", "user_s", "sys_s", "max_rss_mb", "minor_faults"]
    print("\n| | wall s | user CPU s | system CPU s | peak MB | minor page faults |\n|---|---|---|---|---|---|")
    for name, rows in got.items():
        med = {k: statistics.median(r[k] for r in rows) for k in keys}
        walls = ", ".join(f"{r['wall_s']:.2f}" for r in rows)
        print(
            f"| {name} (median of {len(rows)}: {walls}) | {med['wall_s']:.2f} | {med['user_s']:.2f} | "
            f"{med['sys_s']:.2f} | {med['max_rss_mb']:.0f} | {med['minor_faults']:,.0f} |"
        )


if __name__ == "__main__":
    main()
