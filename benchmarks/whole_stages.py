"""Where the whole `coproduce analyse DIR` process spends its time, step by step, in one process.

    PYTHONPATH=src .venv/bin/python benchmarks/whole_stages.py DIR [--repeats 3]

Steps: importing the engine, reading the export (``read_polis``: votes.csv, comments.csv,
participants-votes.csv, the vote matrix), the analysis (the engine's own stage timings: map, groups with the
held-out choice of k and the null model, counts, scores with the calibrated common-ground probability,
bridging), the JSON-ready dict, ``json.dumps`` and the write: wall and CPU seconds (CPU of every thread of the
process, steadier than wall time on a shared machine). The import is measured once (a module imports once per
process); the other steps are the median of ``--repeats`` runs in the same process. Prints a markdown table.

It runs in this script's own process, without the command's process settings (one BLAS thread, ordinary pages,
freed memory kept: decision 0025), so its steps add up to more than the command takes; for the command itself,
``benchmarks/whole_ab.py`` or the whole-process table of ``make bench``.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import tempfile
import time
from pathlib import Path

_t0 = (time.perf_counter(), time.process_time())
from coproduce.commonground.analysis import analyse  # noqa: E402
from coproduce.commonground.polis import read_polis  # noqa: E402

_imports = (time.perf_counter() - _t0[0], time.process_time() - _t0[1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", type=Path)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    rows: dict[str, list[tuple[float, float]]] = {}
    stages: dict[str, list[float]] = {}

    def step(name, fn, *args, **kwargs):
        w, c = time.perf_counter(), time.process_time()
        out = fn(*args, **kwargs)
        rows.setdefault(name, []).append((time.perf_counter() - w, time.process_time() - c))
        return out

    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(a.repeats):
            conv = step("read the export (read_polis)", read_polis, a.dir)
            an = step(
                "analyse (with the held-out k, the null model, the calibrated label)",
                analyse,
                conv.votes,
                excluded=conv.excluded,
                seed=0,
            )
            for k, v in an.diagnostics["timings"].items():
                if k != "total":
                    stages.setdefault(k, []).append(v)
            doc = step("to_dict", an.to_dict)
            text = step("json.dumps", json.dumps, doc, ensure_ascii=False, allow_nan=False)
            step("write analysis.json", (Path(tmp) / "analysis.json").write_text, text, encoding="utf-8")
    print("| step | wall s | CPU s |\n|---|---|---|")
    print(f"| import the engine (once) | {_imports[0]:.2f} | {_imports[1]:.2f} |")
    for name, xs in rows.items():
        w = statistics.median(x[0] for x in xs)
        c = statistics.median(x[1] for x in xs)
        print(f"| {name} | {w:.2f} | {c:.2f} |")
    print(
        "\nanalyse by stage (wall s, median): "
        + ", ".join(f"{k} {statistics.median(v):.2f}" for k, v in stages.items())
        + f"; k = {an.diagnostics['k']}; peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
