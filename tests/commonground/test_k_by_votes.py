"""Choosing the number of groups when many participants voted on only a few statements.

With thousands of statements, a participant with a handful of votes sits near the centre of the map, with
projection noise in every axis; an unweighted silhouette over such a diffuse cloud can prefer cutting it
into extra groups (the 10 M-vote benchmark got 5 groups for 3 planted). The silhouette that chooses k
therefore counts each participant as many times as they voted.
"""

from __future__ import annotations

import numpy as np
import pytest

from coproduce.commonground import POLIS_COMPATIBLE, analyse, planted_conversation
from coproduce.commonground.groups import cluster_positions


def _heavy_and_light(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Three clear groups of heavy voters plus a diffuse cloud of light voters, in 5 axes."""
    rng = np.random.default_rng(seed)
    centres = np.array([[6, 0, 0, 0, 0], [-6, 0, 0, 0, 0], [0, 9, 0, 0, 0]], float)
    heavy = centres[rng.integers(0, 3, 600)] + rng.normal(0, 1.0, (600, 5))
    light = 0.25 * centres[rng.integers(0, 3, 3000)] + rng.normal(0, 2.0, (3000, 5))
    n_votes = np.r_[np.full(600, 200), np.full(3000, 8)]
    return np.vstack([heavy, light]), n_votes


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_light_voters_do_not_decide_the_number_of_groups(seed):
    xy, n_votes = _heavy_and_light(seed)
    weighted = cluster_positions(xy, seed=0, max_groups=6, silhouette_weights=n_votes)
    assert weighted.k == 3
    assert weighted.silhouettes[3] > max(v for k, v in weighted.silhouettes.items() if k != 3) + 0.03
    # The weights only choose k: base clusters and the grouping for each k are as without them.
    plain = cluster_positions(xy, seed=0, max_groups=6)
    assert np.array_equal(plain.base_labels, weighted.base_labels)
    assert np.allclose(plain.base_centres, weighted.base_centres)


def test_unweighted_silhouette_can_be_fooled_by_the_light_voters():
    """The failure the weights fix (documents why they exist)."""
    ks = [cluster_positions(*_heavy_and_light(seed)[:1], seed=0, max_groups=6).k for seed in range(4)]
    assert any(k != 3 for k in ks)


def test_polis_compatible_counts_every_participant_once():
    assert POLIS_COMPATIBLE["k_by_votes"] is False
    planted = planted_conversation(200, 40, 3, seed=2)
    a = analyse(planted.votes, **POLIS_COMPATIBLE)
    b = analyse(planted.votes)
    assert a.diagnostics["k_by_votes"] is False and b.diagnostics["k_by_votes"] is True


def test_kmeans_plusplus_picks_distinct_weighted_points_deterministically():
    from coproduce.commonground.groups import _kmeans_plusplus

    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 3))
    w = np.ones(50)
    w[:10] = 0.0  # never chosen
    C1 = _kmeans_plusplus(X, 6, np.random.default_rng(5), w)
    C2 = _kmeans_plusplus(X, 6, np.random.default_rng(5), w)
    assert np.array_equal(C1, C2)
    rows = [int(np.flatnonzero((X == c).all(1))[0]) for c in C1]
    assert len(set(rows)) == 6 and min(rows) >= 10


@pytest.mark.parametrize("seed", range(6))
def test_lloyd_from_several_starts_at_once_is_lloyd_start_by_start(seed):
    """_lloyd_starts (the starts of _kmeans_best in the same array operations) gives each start's centres and
    labels exactly as _lloyd alone, and None where _lloyd loses a centre (returns fewer than k): on points
    with ties (rounded), weights, and starts that stop at different steps."""
    from coproduce.commonground.groups import _kmeans_plusplus, _lloyd, _lloyd_starts

    rng = np.random.default_rng(seed)
    n, d, k = int(rng.integers(5, 120)), int(rng.integers(1, 5)), int(rng.integers(2, 6))
    X = np.round(rng.normal(size=(n, d)) + rng.integers(0, 3, (n, 1)) * 2, 1)
    w = rng.integers(1, 4, n).astype(float)
    starts = [_kmeans_plusplus(X, k, rng, w) for _ in range(4)]
    starts.append(np.repeat(X[:1], k, axis=0) + np.arange(k)[:, None] * 100.0)  # far centres: one loses its points
    together = _lloyd_starts(X, w, starts, 100)
    for C0, got in zip(starts, together):
        C, lab = _lloyd(X, w, C0, 100)
        if len(C) < k:
            assert got is None
        else:
            assert got is not None and np.array_equal(got[0], C) and np.array_equal(got[1], lab)
    assert together[-1] is None


@pytest.mark.parametrize("seed", range(6))
def test_kmeans_of_several_sets_at_once_is_kmeans_set_by_set(seed):
    """kmeans_best_many (the 2-means splits of every fold's groups in the same array operations, each set padded
    to the largest) gives each set the centres and labels _kmeans_best gives it alone, to the bit: sets of
    different sizes, with ties (rounded points), weights, repeated points, and a set of identical points."""
    from coproduce.commonground.groups import (
        _GROUP_INITS,
        _inertia,
        _kmeans_best,
        _kmeans_plusplus,
        _lloyd,
        kmeans_best_many,
    )

    rng = np.random.default_rng(seed)
    d, k = int(rng.integers(1, 4)), int(rng.integers(2, 4))
    Xs, ws = [], []
    for _ in range(int(rng.integers(2, 9))):
        n = int(rng.integers(k, 80))
        Xs.append(np.round(rng.normal(size=(n, d)) + rng.integers(0, 3, (n, 1)) * 2, 1))
        ws.append(rng.integers(1, 4, n).astype(float))
    Xs.append(np.zeros((6, d)))  # every point the same: k-means++ has nothing to spread
    ws.append(np.ones(6))
    together = kmeans_best_many(Xs, ws, k, [np.random.default_rng(seed + 10 * b) for b in range(len(Xs))])
    for b, (X, w) in enumerate(zip(Xs, ws)):
        C, lab = _kmeans_best(X, w, k, np.random.default_rng(seed + 10 * b))
        assert np.array_equal(together[b][0], C) and np.array_equal(together[b][1], lab)
        assert lab.shape == (X.shape[0],)
        # and as k-means was written before the sets were put together: Lloyd start by start, the least inertia
        rng_b = np.random.default_rng(seed + 10 * b)
        best = None
        for C0 in [_kmeans_plusplus(X, k, rng_b, w) for _ in range(_GROUP_INITS)]:
            Cs, labs = _lloyd(X, w, C0, 100)
            if len(Cs) == k and (best is None or _inertia(X, w, Cs, labs) < best[0] - 1e-12):
                best = (_inertia(X, w, Cs, labs), Cs, labs)
        Cr, labr = _lloyd(X, w, X[:k].copy(), 100) if best is None else best[1:]
        assert np.array_equal(C, Cr) and np.array_equal(lab, labr)
