"""Acceptance 3 and 5 on planted data: groups recovered, common ground labelled, scores compared."""

from __future__ import annotations

import numpy as np
import pytest

from coproduce.commonground import analyse, planted_conversation
from coproduce.commonground.evaluation import auc, group_recovery, label_quality, precision_at_k, score_comparison


@pytest.mark.parametrize("n_groups", [2, 3, 4, 5, 6])
def test_planted_groups_and_common_ground_are_recovered(n_groups):
    planted = planted_conversation(500, 100, n_groups, seed=0)
    assert np.bincount(planted.votes.rows, minlength=500).min() >= 20  # >= 20 votes each
    a = analyse(planted.votes, seed=0)
    assert a.diagnostics["k"] == n_groups
    assert group_recovery(planted, a) >= 0.9
    q = label_quality(planted, a)
    assert q["recall"] >= 0.9
    assert q["false_positive_rate"] <= 0.02


def test_planted_generator_plants_what_it_says():
    planted = planted_conversation(300, 60, 3, seed=1)
    q = planted.agree_probability
    cg = sorted(planted.common_ground)
    assert cg and (q[:, cg] >= 0.8).all()
    others = sorted(set(range(60)) - planted.common_ground)
    assert (q[:, others].min(0) <= 0.4).all()  # every other statement has a group that does not agree
    div = sorted(planted.divisive)
    assert ((q[:, div] > 0.5).any(0) & (q[:, div] < 0.5).any(0)).all()
    assert planted.votes.n_votes < planted.events[0].size  # re-votes were generated and collapsed


def test_auc_and_precision_at_k():
    truth = np.array([True, True, False, False, False])
    assert auc(np.array([5.0, 4.0, 3.0, 2.0, 1.0]), truth) == 1.0
    assert auc(np.array([1.0, 2.0, 3.0, 4.0, 5.0]), truth) == 0.0
    assert auc(np.array([1.0, 1.0, 1.0, 1.0, 1.0]), truth) == 0.5
    assert auc(np.array([np.nan, 4.0, 3.0, 2.0, 1.0]), truth) == 0.5  # NaN ranks lowest
    assert precision_at_k(np.array([5.0, 1.0, 4.0, 0.0, 0.0]), truth, 2) == 0.5


def test_bridging_and_gac_side_by_side():
    """Both scores rank planted common ground first; the figures come from evaluation.score_comparison."""
    result = score_comparison(n_groups=(2, 4), seeds=[0])
    m = result["mean"]
    assert m["auc_gac"] > 0.95 and m["auc_bridging"] > 0.95
    assert m["p_at_10_gac"] >= 0.9 and m["p_at_10_bridging"] >= 0.8
    assert len(result["rows"]) == 2 and {"ari", "label_recall"} <= set(result["rows"][0])
