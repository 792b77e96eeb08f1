"""Prioritisation simulation: how well do Bradley–Terry scores recover known true scores, random vs adaptive pairs?

For each number of options and spread of the true scores, runs seeded simulated prioritisations
(coproduce.pairwise.simulate) with a budget of 20 comparisons per option (every option takes part in 20 comparisons
on average), 10 % "I can't decide", pairs chosen uniformly at random or by the adaptive rule (least-compared pairs
first, then the pair whose answer is worth most under the current scores; coproduce.pairwise.pairing). Reports Kendall's τ between the fitted and the true order. Both policies see the same true
scores (same seeds).

    .venv/bin/python benchmarks/prioritise.py                 # prints the table
    .venv/bin/python benchmarks/prioritise.py --write-docs    # and rewrites its section of docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from coproduce.pairwise import simulate  # noqa: E402

DOC = ROOT / "docs" / "benchmarks.md"
START = "<!-- prioritise:start (written by benchmarks/prioritise.py --write-docs; do not edit by hand) -->"
END = "<!-- prioritise:end -->"
TARGET_TAU = 0.7


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({cpu}), {platform.platform()}, Python {platform.python_version()}"


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--options", default="10,20,40")
    parser.add_argument("--spreads", default="1.0,1.5,2.0")
    parser.add_argument("--per-option", default="20,40", help="comparisons per option (the acceptance is at 20)")
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)

    rows = []
    started = time.perf_counter()
    budgets = [float(b) for b in args.per_option.split(",")]
    for per_option in budgets:
        for spread in [float(s) for s in args.spreads.split(",")]:
            for n in [int(o) for o in args.options.split(",")]:
                taus = {
                    policy: [
                        simulate(n, per_option, policy, seed=seed, spread=spread)["tau"] for seed in range(args.seeds)
                    ]
                    for policy in ("random", "adaptive")
                }
                rows.append((per_option, spread, n, taus))
                print(
                    f"{per_option:g} per option, spread {spread}, {n} options: random "
                    f"{statistics.mean(taus['random']):.3f} adaptive {statistics.mean(taus['adaptive']):.3f}",
                    flush=True,
                )
    took = time.perf_counter() - started

    def verdict(taus: dict) -> str:
        adaptive = statistics.mean(taus["adaptive"])
        tau = "met" if adaptive >= TARGET_TAU else "missed"
        # "Never worse" within the run's own noise: two standard errors of the difference of the means.
        diffs = [a - r for a, r in zip(taus["adaptive"], taus["random"])]
        se = statistics.stdev(diffs) / len(diffs) ** 0.5 if len(diffs) > 1 else 0.0
        worse = "worse" if statistics.mean(diffs) < -2 * se else "not worse"
        return f"{tau} / {worse}"

    table = [
        "| comparisons per option | spread of true scores (sd) | options | random: τ mean (median) | "
        "adaptive: τ mean (median) | adaptive − random (mean) | τ ≥ 0.7 / adaptive vs random |",
        "|---|---|---|---|---|---|---|",
    ]
    for per_option, spread, n, taus in rows:
        r, a = taus["random"], taus["adaptive"]
        table.append(
            f"| {per_option:g} | {spread:g} | {n} | {statistics.mean(r):.3f} ({statistics.median(r):.3f}) | "
            f"{statistics.mean(a):.3f} ({statistics.median(a):.3f}) | "
            f"{statistics.mean(a) - statistics.mean(r):+.3f} | {verdict(taus)} |"
        )
    text = "\n".join(table)
    print(text)
    if args.write_docs:
        section = f"""{START}
## Prioritisation: recovering a known order from pairwise choices

Measured {time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())} at commit {commit()}; command `make bench` (this part:
`.venv/bin/python benchmarks/prioritise.py --write-docs`), {took:.0f} s. Machine: {machine()}.

True scores of n options are drawn from N(0, sd²) (sd = the spread; at sd 1 the favoured option of a typical pair
is chosen about 7 times in 10, at sd 2 about 8 in 10). Every option takes part in {" or ".join(f"{b:g}" for b in budgets)}
comparisons on average (a budget of that × n/2 comparisons; the acceptance criterion is at 20), 10 % of answers are
"I can't decide", the rest follow
the Bradley–Terry model. Scores are fitted by `coproduce.pairwise.fit` (L2-regularised, α = 0.05) and compared with
the true order by Kendall's τ-a; seeds 0–{args.seeds - 1}, the same true scores for both policies. "Worse" means
the adaptive mean is below the random mean by more than two standard errors of the paired difference.

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
