"""A fingerprint of the analysis of fixed conversations, to show that a change leaves what the engine finds alone.

    PYTHONPATH=src .venv/bin/python benchmarks/analysis_fingerprints.py OUT.json

Analyses the synthetic 10k conversation (seeds 0, 1, 2) and the 200k one (seed 0) of ``synth.py``, and every planted
family (``coproduce.commonground.families``) at seed 100, and writes, for each, the SHA-256 of its ``to_dict()``
(the timings left out) and the k found. Run it on two checkouts (``PYTHONPATH`` at each one's ``src``) and compare
the files: the same hashes mean the same participants' groups, positions, counts, scores and labels to the bit.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # noqa: E402

from coproduce.commonground import Votes, analyse, families  # noqa: E402


def fingerprint(analysis) -> str:
    doc = analysis.to_dict()
    doc["diagnostics"].pop("timings", None)
    digest = hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()[:16]
    return f"{digest} k={doc['diagnostics']['k']}"


def main() -> None:
    out: dict[str, str] = {}
    started = time.perf_counter()
    for name, seed in [("10k", 0), ("10k", 1), ("10k", 2), ("200k", 0)]:
        syn = synth.generate(*synth.SIZES[name], seed=seed)
        out[f"synthetic {name} seed {seed}"] = fingerprint(
            analyse(Votes.from_events(syn.participant, syn.statement, syn.value), seed=0)
        )
    for family, k, seed, conversation in families.conversations(seeds=(100,)):
        out[f"{family.name} k={k} seed {seed}"] = fingerprint(analyse(conversation.votes, seed=seed))
    Path(sys.argv[1]).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"{len(out)} analyses in {time.perf_counter() - started:.1f} s -> {sys.argv[1]}")


if __name__ == "__main__":
    main()
