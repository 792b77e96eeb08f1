"""How well the near-duplicate warning finds the same statement said again (docs/benchmarks.md).

The labelled set: benchmarks/data/near_duplicates_en.csv and _cy.csv, written for this project before the matcher
existed: 80 statements of a health board's conversation per language, each paired with a duplicate (a paraphrase,
a spelling or case variant, the same words reordered) and with a hard non-duplicate (the same topic and mostly the
same words, a different claim, or the negation). The split column was fixed when the pairs were written: whole
statements go to one half, so no text of the held-out half is seen while tuning.

The matcher is coproduce.conversations.similar as the write page calls it, its IDF weights fitted on every text of
the language's set (as on a conversation's statements). `--tune` chooses each language's threshold on the tune
half (the one furthest inside the gate of precision ≥ 0.8 and recall ≥ 0.6) and prints it for similar.THRESHOLDS; without it, the
thresholds in similar.THRESHOLDS are measured on the held-out half. The speed part builds the matcher over 1,000
real statements (English comments of three shared Polis exports, CC BY 4.0, The Computational Democracy Project)
and times a build and a look-up.

    .venv/bin/python benchmarks/near_duplicates.py                # print the figures
    .venv/bin/python benchmarks/near_duplicates.py --tune         # choose the thresholds on the tune half
    .venv/bin/python benchmarks/near_duplicates.py --write-docs   # and write them into docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import sklearn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from coproduce.conversations import similar  # noqa: E402

DOC = ROOT / "docs" / "benchmarks.md"
START = "<!-- near-duplicates:start (written by benchmarks/near_duplicates.py --write-docs; do not edit by hand) -->"
END = "<!-- near-duplicates:end -->"
DATA = ROOT / "benchmarks" / "data"
LANGUAGES = ("en", "cy")
TARGET_PRECISION = 0.8
TARGET_RECALL = 0.6


def labelled(language: str) -> list[dict[str, str]]:
    with open(DATA / f"near_duplicates_{language}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def scored(language: str) -> tuple[list[dict[str, str]], np.ndarray]:
    rows = labelled(language)
    return rows, similar.pair_scores([(r["a"], r["b"]) for r in rows], language)


def precision_recall(scores: np.ndarray, truth: np.ndarray, threshold: float) -> tuple[float, float]:
    found = scores >= threshold
    hits = int((found & truth).sum())
    return (hits / int(found.sum()) if found.any() else 0.0), hits / int(truth.sum())


def tuned_threshold(scores: np.ndarray, truth: np.ndarray) -> float:
    """The threshold that keeps the tune half furthest inside the quality gate (precision at least
    TARGET_PRECISION, recall at least TARGET_RECALL): the largest smaller margin of the two."""
    margins = []
    for threshold in np.unique(scores):
        precision, recall = precision_recall(scores, truth, float(threshold))
        margins.append((min(precision - TARGET_PRECISION, recall - TARGET_RECALL), precision, float(threshold)))
    best = max(margins)
    if best[0] < 0:
        raise SystemExit("no threshold passes the quality gate on the tune half")
    return round(best[2] - 0.0005, 3)  # just under the score, so that the pair at it still counts


def evaluate(language: str, threshold: float | None = None) -> dict:
    rows, scores = scored(language)
    truth = np.array([r["duplicate"] == "1" for r in rows])
    halves = {split: np.array([r["split"] == split for r in rows]) for split in ("tune", "held-out")}
    if threshold is None:
        threshold = similar.THRESHOLDS[language]
    out: dict = {"threshold": threshold, "pairs": len(rows)}
    for split, mask in halves.items():
        precision, recall = precision_recall(scores[mask], truth[mask], threshold)
        out[split] = {
            "precision": precision,
            "recall": recall,
            "pairs": int(mask.sum()),
            "duplicates": int(truth[mask].sum()),
        }
    return out


def polis_statements(n: int) -> list[str]:
    from tests.polis_data import POLIS_DATA

    texts: list[str] = []
    for name in ("15-per-hour-seattle", "bg2050-volunteers", "scoop-hivemind.biodiversity"):
        with open(POLIS_DATA / name / "comments.csv", encoding="utf-8") as f:
            texts += [" ".join(r["comment-body"].split())[:280] for r in csv.DictReader(f)]
    texts = [t for t in dict.fromkeys(texts) if t]
    return (texts * (n // max(len(texts), 1) + 1))[:n]


def speed(n: int, repeats: int) -> dict:
    texts = polis_statements(n)
    entries = [(i, [(text, "en")]) for i, text in enumerate(texts)]
    builds, lookups = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        matcher = similar.Matcher(entries)
        builds.append(time.perf_counter() - started)
        started = time.perf_counter()
        matcher.similar("Parking at the hospital should be free for people visiting every day.", "en")
        lookups.append(time.perf_counter() - started)
    return {"statements": len(texts), "build": statistics.median(builds), "lookup": statistics.median(lookups)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tune", action="store_true", help="choose the thresholds on the tune half and print them")
    parser.add_argument("--statements", type=int, default=1000, help="statements for the speed part (default 1000)")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)

    if args.tune:
        for language in LANGUAGES:
            rows, scores = scored(language)
            tune = np.array([r["split"] == "tune" for r in rows])
            truth = np.array([r["duplicate"] == "1" for r in rows])
            threshold = tuned_threshold(scores[tune], truth[tune])
            precision, recall = precision_recall(scores[tune], truth[tune], threshold)
            print(f"{language}: threshold {threshold} (tune half: precision {precision:.2f}, recall {recall:.2f})")
        return 0

    started = time.perf_counter()
    results = {language: evaluate(language) for language in LANGUAGES}
    timing = speed(args.statements, args.repeats)
    took = time.perf_counter() - started
    names = {"en": "English", "cy": "Welsh"}
    table = [
        "| language | threshold | held-out pairs (duplicates) | precision | recall | tune half: precision | recall |",
        "|---|---|---|---|---|---|---|",
    ]
    for language, r in results.items():
        held, tune = r["held-out"], r["tune"]
        table.append(
            f"| {names[language]} | {r['threshold']} | {held['pairs']} ({held['duplicates']}) | "
            f"{held['precision']:.2f} | {held['recall']:.2f} | {tune['precision']:.2f} | {tune['recall']:.2f} |"
        )
    text = "\n".join(table)
    speed_line = (
        f"Speed: building the matcher over {timing['statements']:,} statements takes {timing['build'] * 1000:.0f} ms "
        f"and a look-up {timing['lookup'] * 1000:.1f} ms (medians of {args.repeats}). The write page keeps the "
        "matcher per conversation and grows it with new statements (`coproduce.conversations.near_duplicates`), so "
        "a build is paid when a translation is confirmed or a fifth of the statements are new, not on each request."
    )
    print(text)
    print(speed_line)
    if args.write_docs:
        machine = (
            f"{os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}, "
            f"scikit-learn {sklearn.__version__}; shared with other work, load average "
            + " ".join(f"{x:.1f}" for x in os.getloadavg())
        )
        section = f"""{START}
## Near-duplicate statements: "Is this what you mean?"

Measured {time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}; command `make bench` (this part:
`benchmarks/near_duplicates.py --write-docs`), {took:.0f} s. Machine: {machine}.

The labelled set (`benchmarks/data/near_duplicates_en.csv`, `_cy.csv`) was written and split into a tune and a
held-out half before the matcher existed: per language, 80 statements of a health board's conversation, each with
a duplicate (paraphrase, spelling or case variant, reordered) and a hard non-duplicate (same topic and words, a
different claim, or the negation). The matcher (`coproduce.conversations.similar`: character 2–5-grams, TF-IDF,
cosine; function words, punctuation and Welsh mutations set aside; a one-sided negation halves the score) and each
language's threshold were chosen on the tune half only (`--tune`: the threshold furthest inside precision ≥ 0.8
and recall ≥ 0.6 there). The held-out columns are the measure; `tests/conversations/test_near_duplicate_quality.py`
holds them at precision ≥ 0.8 and recall ≥ 0.6. How many times the held-out half was looked at is said below the
table.

{text}

{speed_line}
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
