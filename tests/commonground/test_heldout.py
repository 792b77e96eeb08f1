"""Held-out vote prediction (log-loss): the measure groups are judged on."""

from __future__ import annotations

import math

import numpy as np
import pytest

from coproduce.commonground import Votes, planted_conversation
from coproduce.commonground.families import FAMILIES, GATE_SEEDS
from coproduce.commonground.heldout import HeldOut, log_loss, split_votes, vote_shares


def test_split_hides_the_share_asked_and_keeps_every_id():
    planted = planted_conversation(300, 50, 3, seed=0)
    train, held = split_votes(planted.votes, 0.2, seed=1)
    assert train.n_votes + held.n_votes == planted.votes.n_votes
    assert 0.17 < held.n_votes / planted.votes.n_votes < 0.23
    assert (train.participant_ids == planted.votes.participant_ids).all()
    assert (train.statement_ids == planted.votes.statement_ids).all()
    hidden = set((held.rows * 50 + held.cols).tolist())
    kept = set((train.rows * 50 + train.cols).tolist())
    assert not hidden & kept
    with pytest.raises(ValueError):
        split_votes(planted.votes, 1.0)


def test_log_loss_by_hand():
    # statement 0: group 0 (participants 0, 1) agreed twice; group 1 (participant 2) disagreed once
    train = Votes.from_dense([[1, np.nan], [1, np.nan], [-1, np.nan]])
    held = HeldOut(np.array([0, 2]), np.array([0, 0]), np.array([1, -1], dtype=np.int8))
    labels = np.array([0, 0, 1])
    overall = np.array([3, 2, 1]) / 6  # (2 + 1, 1 + 1, 0 + 1) / (3 + 3)
    p_agree_g0 = (2 + 2 * overall[0]) / (2 + 2)
    p_dis_g1 = (1 + 2 * overall[1]) / (1 + 2)
    expected = -(math.log(p_agree_g0) + math.log(p_dis_g1)) / 2
    assert log_loss(train, held, labels) == pytest.approx(expected)
    shares = vote_shares(train, labels)
    assert shares.shape == (3, 2, 3) and np.allclose(shares.sum(-1), 1.0)
    # no groups: everyone gets the overall shares
    assert log_loss(train, held, np.full(3, -1)) == pytest.approx(-(math.log(3 / 6) + math.log(2 / 6)) / 2)


@pytest.mark.parametrize("n_groups", [2, 4])
def test_the_planted_groups_predict_hidden_votes_better_than_none(n_groups):
    planted = planted_conversation(500, 100, n_groups, seed=3)
    train, held = split_votes(planted.votes, 0.1, seed=0)
    truth = planted.true_groups[planted.votes.participant_ids]
    one = log_loss(train, held, np.zeros(500, dtype=np.int64))
    right = log_loss(train, held, truth)
    shuffled = log_loss(train, held, np.random.default_rng(0).permutation(truth))
    assert right < one - 0.1
    assert shuffled > right + 0.1


def test_without_structure_groups_do_not_help():
    planted = planted_conversation(500, 100, 1, seed=3)
    train, held = split_votes(planted.votes, 0.1, seed=0)
    one = log_loss(train, held, np.zeros(500, dtype=np.int64))
    three = log_loss(train, held, np.random.default_rng(0).integers(0, 3, 500))
    assert three > one  # invented groups only add noise to the prediction


def test_families_were_fixed_with_held_out_ones():
    names = [f.name for f in FAMILIES]
    assert len(set(names)) == len(names)
    assert {k for f in FAMILIES for k in f.ks} == {1, 2, 3, 4, 5, 6}
    assert any(f.held_out and f.ks != (1,) for f in FAMILIES) and any(f.held_out and f.ks == (1,) for f in FAMILIES)
    assert len(GATE_SEEDS) >= 4
