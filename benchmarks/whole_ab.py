"""Two checkouts' `coproduce analyse DIR --no-report`, the whole command, alternating: wall, CPU and peak memory.

    .venv/bin/python benchmarks/whole_ab.py BEFORE_SRC AFTER_SRC DIR [--runs 4]

BEFORE_SRC and AFTER_SRC are the ``src`` folders of two checkouts (e.g. a ``git worktree`` of an older commit and
this one's ``src``); both run with this venv's interpreter and libraries, each run a fresh process
(``python -m coproduce.cli analyse DIR --out TMP --no-report``, as ``make bench`` times it), before and after
alternating so that the machine's noise hits both. For each run: wall seconds, user and system CPU seconds, peak
resident memory (from ``wait4``) and minor page faults; then the medians. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(src: Path, folder: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryFile() as err:
        cmd = [sys.executable, "-m", "coproduce.cli", "analyse", str(folder), "--out", out, "--no-report"]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)  # a file: a pipe could fill
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(f"{src}: exit {os.waitstatus_to_exitcode(status)}: {err.read().decode()[-500:]}")
    return {
        "wall": wall,
        "user": ru.ru_utime,
        "sys": ru.ru_stime,
        "peak_mb": ru.ru_maxrss / 1024,
        "faults": float(ru.ru_minflt),
    }


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
            got[name].append(run(getattr(a, name), a.dir))
            r = got[name][-1]
            print(f"{name}: {r['wall']:.2f} s wall, {r['user']:.2f} user, {r['sys']:.2f} sys, {r['peak_mb']:.0f} MB")
    keys = ["wall", "user", "sys", "peak_mb", "faults"]
    print("\n| | wall s | user CPU s | system CPU s | peak MB | minor page faults |\n|---|---|---|---|---|---|")
    for name, rows in got.items():
        med = {k: statistics.median(r[k] for r in rows) for k in keys}
        walls = ", ".join(f"{r['wall']:.2f}" for r in rows)
        print(
            f"| {name} (median of {len(rows)}: {walls}) | {med['wall']:.2f} | {med['user']:.2f} | {med['sys']:.2f} | "
            f"{med['peak_mb']:.0f} | {med['faults']:,.0f} |"
        )


if __name__ == "__main__":
    main()
