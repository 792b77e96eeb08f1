"""The near-duplicate warning's quality gate: on the held-out half of the labelled pairs (never used to choose the
matcher or its thresholds), precision at least 0.8 and recall at least 0.6, in English and in Welsh.

The pairs are fixed files (benchmarks/data/near_duplicates_*.csv), so this is a real gate: a change to
coproduce.conversations.similar that makes it worse fails here. benchmarks/near_duplicates.py prints the figures."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from coproduce.conversations import similar

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"


def held_out(language: str) -> tuple[list[tuple[str, str]], list[bool], list[bool]]:
    with open(DATA / f"near_duplicates_{language}.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 150  # the minimum per language
    pairs = [(r["a"], r["b"]) for r in rows]
    return pairs, [r["duplicate"] == "1" for r in rows], [r["split"] == "held-out" for r in rows]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_precision_and_recall_on_the_held_out_half(language):
    pairs, duplicate, held = held_out(language)
    # IDF weights over every text of the set, as over a conversation's statements (the benchmark does the same).
    scores = similar.pair_scores(pairs, language)
    found = [score >= similar.THRESHOLDS[language] for score in scores]
    hits = sum(f and d and h for f, d, h in zip(found, duplicate, held))
    flagged = sum(f and h for f, h in zip(found, held))
    duplicates = sum(d and h for d, h in zip(duplicate, held))
    assert duplicates >= 40
    precision, recall = hits / flagged, hits / duplicates
    assert precision >= 0.8, f"{language}: precision {precision:.2f} on the held-out half"
    assert recall >= 0.6, f"{language}: recall {recall:.2f} on the held-out half"
