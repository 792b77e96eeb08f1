"""The faster paths of the whole `coproduce analyse` process give the same numbers as the plain ones (issue 22)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from coproduce.commonground import analyse, matrix, planted_conversation, stats
from coproduce.commonground.matrix import VoteMatrix
from coproduce.commonground.votes import Votes


def _vm(votes):
    return VoteMatrix(votes.rows, votes.cols, votes.values, votes.n_participants, votes.n_statements)


@pytest.mark.parametrize("ids", ["dense", "sparse", "negative", "unsigned"])
def test_from_events_keeps_the_latest_vote_of_each_cell(ids):
    rng = np.random.default_rng(3)
    for _ in range(40):
        n = int(rng.integers(0, 400))
        p, s, v = rng.integers(0, 25, n), rng.integers(0, 12, n), rng.integers(-1, 2, n)
        if ids == "sparse":
            p = p * 7 + 3
        elif ids == "negative":
            p, s = p - 10, s - 5
        elif ids == "unsigned":
            p, s = p.astype(np.uint32), s.astype(np.uint64)
        got = Votes.from_events(p, s, v)
        latest = {}
        for key in zip(p.tolist(), s.tolist(), v.tolist()):
            latest[key[:2]] = key[2]  # events in time order: the last one wins
        pu, su = sorted({a for a, _ in latest}), sorted({b for _, b in latest})
        want = sorted((pu.index(a), su.index(b), x) for (a, b), x in latest.items())
        assert list(zip(got.rows.tolist(), got.cols.tolist(), got.values.tolist())) == want
        assert got._indptr.tolist() == [0, *np.cumsum(np.bincount(got.rows, minlength=len(pu))).tolist()]


def _joint_one_column_per_draw(Y, resp, draws=24, seed=0, threshold=0.5):
    """The joint probability as first written: one column per (draw, group) for every participant."""
    from scipy.special import betainc

    n_p, k = resp.shape
    n_s = Y.shape[1] // 3
    in_group = resp.sum(1) > 0
    rng = np.random.default_rng(seed)
    cum = np.cumsum(resp, axis=1)
    u = rng.random((n_p, draws)) * cum[:, -1:]
    lab = np.minimum((u[:, :, None] > cum[:, None, :]).sum(-1), k - 1)
    onehot = np.zeros((n_p, k * draws))
    rows = np.repeat(np.flatnonzero(in_group), draws)
    onehot[rows, (np.arange(draws)[None, :] * k + lab[in_group]).ravel()] = 1.0
    C = np.asarray(Y.T @ onehot).reshape(n_s, 3, draws, k)
    return np.prod(betainc(C[:, 1] + 1.0, C[:, 0] + 1.0, 1.0 - threshold), axis=-1).mean(1)


@pytest.mark.parametrize("concentration", [0.05, 1.0, 20.0])
def test_joint_probability_counts_only_the_moved_draws_and_is_the_same_to_the_bit(concentration):
    rng = np.random.default_rng(1)
    votes = planted_conversation(300, 30, 3, seed=1).votes
    vm = _vm(votes)
    resp = rng.dirichlet(np.full(3, concentration), votes.n_participants)
    resp[rng.random(votes.n_participants) < 0.2] = 0.0  # not in any group
    want = _joint_one_column_per_draw(vm.Y, resp, seed=4)
    assert np.array_equal(stats.joint_agreement_probability(vm.Y, resp, seed=4), want, equal_nan=True)
    got = stats.joint_agreement_probability(vm.Y, resp, seed=4, yt_matmul=vm.Yt_matmul)
    assert np.array_equal(got, want, equal_nan=True)


def test_transposed_products_are_the_same_to_the_bit(monkeypatch):
    votes = planted_conversation(300, 40, 3, seed=2).votes
    vm = _vm(votes)
    rng = np.random.default_rng(0)
    U = rng.standard_normal((votes.n_participants, 4))
    by_rows = [vm.Yt_matmul(U), vm.Yt_matmul(U[:, 0].copy()), vm.Xt_matmul(U)]
    monkeypatch.setattr(matrix, "TRANSPOSED_MIN", 0)
    by_columns = [vm.Yt_matmul(U), vm.Yt_matmul(U[:, 0].copy()), vm.Xt_matmul(U)]
    for a, b in zip(by_rows, by_columns):
        assert a.shape == b.shape and np.array_equal(a, b)
    before = analyse(votes, seed=0).to_dict()
    monkeypatch.setattr(matrix, "TRANSPOSED_MIN", 10**12)
    after = analyse(votes, seed=0).to_dict()
    for d in (before, after):
        d["diagnostics"].pop("timings")
    assert before == after


def test_the_reader_loads_without_scipy():
    # Reading an export needs only NumPy: whatever only reads or checks one starts without SciPy's imports.
    code = (
        "import sys, coproduce.commonground.polis, coproduce.commonground.votes; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
