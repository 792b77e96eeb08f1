"""The opinion map's eigen solve (Lanczos): every computed axis is the exact eigenvector of X^T X."""

from __future__ import annotations

import numpy as np

from coproduce.commonground import planted_conversation
from coproduce.commonground.matrix import VoteMatrix
from coproduce.commonground.opinion_map import opinion_map


def _vm(votes):
    return VoteMatrix(votes.rows, votes.cols, votes.values, votes.n_participants, votes.n_statements)


def test_every_axis_is_the_dense_solution():
    vm = _vm(planted_conversation(400, 60, 3, seed=3).votes)
    m = opinion_map(vm, 60, n_components=5)
    X = vm.X().toarray()
    w, V = np.linalg.eigh(X.T @ X)
    w, V = w[::-1][:5], V[:, ::-1][:, :5]
    assert m.converged and m.iterations >= 1
    assert np.allclose(m.eigenvalues, w, rtol=1e-9, atol=0)
    # up to sign, including the extra axes among the near-equal noise eigenvalues
    assert np.allclose(np.abs(np.sum(m.components * V.T, axis=1)), 1.0, atol=1e-8)


def test_a_warm_start_needs_fewer_products():
    vm = _vm(planted_conversation(600, 120, 3, seed=4).votes)
    cold = opinion_map(vm, 120, n_components=5)
    warm = opinion_map(vm, 120, n_components=5, previous_components=cold.components)
    assert warm.converged and warm.iterations < cold.iterations
    assert np.allclose(warm.components, cold.components, atol=1e-8)  # oriented like the previous map
