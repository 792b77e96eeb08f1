"""Sparse products split over threads (``matrix.PARALLEL_MIN_VOTES``) give the same numbers to the bit."""

from __future__ import annotations

import numpy as np

from coproduce.commonground import analyse, matrix, planted_conversation
from coproduce.commonground.matrix import VoteMatrix


def _vm(votes):
    return VoteMatrix(votes.rows, votes.cols, votes.values, votes.n_participants, votes.n_statements)


def test_products_over_threads_are_the_same_to_the_bit(monkeypatch):
    votes = planted_conversation(300, 40, 3, seed=2).votes
    single = _vm(votes)
    assert single._Y_parts is None  # small: one call
    monkeypatch.setattr(matrix, "PARALLEL_MIN_VOTES", 0)
    monkeypatch.setattr(matrix, "_n_threads", lambda: 3)
    split = _vm(votes)
    assert split._Y_parts is not None and len(split._Y_parts) == 3 and len(split._Yt_parts) == 3
    rng = np.random.default_rng(0)
    V, U = rng.standard_normal((votes.n_statements, 4)), rng.standard_normal((votes.n_participants, 4))
    for a, b in [
        (single.X_matmul(V), split.X_matmul(V)),
        (single.Xt_matmul(U), split.Xt_matmul(U)),
        (single.X_matmul(V[:, 0].copy()), split.X_matmul(V[:, 0].copy())),
        (single.Xt_matmul(U[:, 0].copy()), split.Xt_matmul(U[:, 0].copy())),
    ]:
        assert a.shape == b.shape and np.array_equal(a, b)


def test_the_analysis_is_the_same_with_threads(monkeypatch):
    votes = planted_conversation(400, 60, 3, seed=5).votes
    before = analyse(votes, seed=0).to_dict()
    monkeypatch.setattr(matrix, "PARALLEL_MIN_VOTES", 0)
    monkeypatch.setattr(matrix, "_n_threads", lambda: 2)
    after = analyse(votes, seed=0).to_dict()
    for d in (before, after):
        d["diagnostics"].pop("timings")
    assert before == after
