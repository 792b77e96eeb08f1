"""Acceptance 1: with Polis's own group-id labels, our group-aware consensus reproduces Polis's
group-informed-consensus for all 371 statements of bg2050-volunteers."""

from __future__ import annotations

import csv

import numpy as np

from coproduce.commonground import Votes
from coproduce.commonground.stats import AGREE, count_votes, group_aware_consensus

from .conftest import polis_dir


def _polis_labels(conv):
    return np.array(
        [-1 if conv.polis_groups.get(p) is None else conv.polis_groups[p] for p in conv.votes.participant_ids.tolist()]
    )


def _gac_with(votes: Votes, labels: np.ndarray) -> np.ndarray:
    counts = count_votes(votes.rows, votes.cols, votes.values, labels, int(labels.max()) + 1, votes.n_statements)
    return group_aware_consensus(counts)


def test_gac_matches_polis_for_every_statement(bg2050):
    conv = bg2050
    assert len(conv.polis_gac) == 371
    ours = dict(zip(conv.votes.statement_ids.tolist(), _gac_with(conv.votes, _polis_labels(conv))))
    diffs = np.array([ours[sid] - polis for sid, polis in conv.polis_gac.items()])
    assert diffs.size == 371
    assert np.max(np.abs(diffs)) < 1e-9


def test_polis_counted_the_latest_vote_with_passes():
    """Which votes did Polis count? The latest per (voter, comment) by timestamp, passes included in S.
    The alternatives (first vote, passes left out) do not reproduce the column, so this test can fail."""
    d = polis_dir("bg2050-volunteers")
    events = list(csv.DictReader(open(d / "votes.csv", encoding="utf-8")))
    events.sort(key=lambda e: int(e["timestamp"]))
    p = [int(e["voter-id"]) for e in events]
    s = [int(e["comment-id"]) for e in events]
    v = [int(e["vote"]) for e in events]
    comments = list(csv.DictReader(open(d / "comments.csv", encoding="utf-8")))
    polis = {int(r["comment-id"]): float(r["group-informed-consensus"]) for r in comments}
    groups = {
        int(r["participant"]): (int(r["group-id"]) if r["group-id"] else -1)
        for r in csv.DictReader(open(d / "participants-votes.csv", encoding="utf-8"))
    }

    def max_error(votes: Votes, counts_fn=None) -> float:
        labels = np.array([groups.get(x, -1) for x in votes.participant_ids.tolist()])
        counts = count_votes(votes.rows, votes.cols, votes.values, labels, 2, votes.n_statements)
        if counts_fn:
            counts = counts_fn(counts)
        gac = dict(zip(votes.statement_ids.tolist(), group_aware_consensus(counts)))
        return max(abs(gac[k] - polis[k]) for k in polis)

    latest = Votes.from_events(p, s, v)
    first = Votes.from_events(p[::-1], s[::-1], v[::-1])  # reversed log: the first vote wins

    def no_passes(c):
        c = c.copy()
        c[..., 2] = 0
        return c

    assert max_error(latest) < 1e-9
    assert max_error(first) > 1e-6
    assert max_error(latest, no_passes) > 1e-6


def test_votes_csv_and_participants_votes_agree(bg2050, tmp_path):
    """participants-votes.csv alone (no votes.csv) gives the same latest votes."""
    import shutil

    from coproduce.commonground import read_polis

    d = polis_dir("bg2050-volunteers")
    for name in ("participants-votes.csv", "comments.csv"):
        shutil.copy(d / name, tmp_path / name)
    alone = read_polis(tmp_path)
    assert alone.source == "participants-votes.csv"
    assert np.array_equal(alone.votes.to_dense(), bg2050.votes.to_dense(), equal_nan=True)


def test_sign_convention_plus_one_is_agree(bg2050):
    """Our agree counts follow comments.csv's `agrees` column (+1 = agree); flipped signs would not."""
    v = bg2050.votes
    agree = np.bincount(v.cols[v.values == 1], minlength=v.n_statements)
    disagree = np.bincount(v.cols[v.values == -1], minlength=v.n_statements)
    exported = np.array([m.agrees for m in bg2050.statements])
    assert exported.sum() > 0
    # Polis's exported counts differ by a vote or two here and there (re-votes); the sign is unmistakable.
    assert np.abs(agree - exported).mean() < 0.5
    assert np.abs(disagree - exported).mean() > 10
    assert AGREE == 0
