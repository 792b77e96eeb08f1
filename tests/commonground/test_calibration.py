"""The common-ground label's probability: the joint probability that every group agrees, calibrated."""

from __future__ import annotations

import numpy as np

from coproduce.commonground import analyse, planted_conversation
from coproduce.commonground.evaluation import calibration
from coproduce.commonground.stats import joint_agreement_probability


def test_joint_probability_is_the_product_over_groups_with_hard_groups():
    import scipy.sparse as sp

    # statement 0: group 0 votes agree x3, group 1 agree x1 + disagree x1 (columns: agree, disagree, pass)
    Y = sp.csr_matrix(np.array([[1, 0, 0], [1, 0, 0], [1, 0, 0], [1, 0, 0], [0, 1, 0]], float))
    resp = np.array([[1, 0], [1, 0], [1, 0], [0, 1], [0, 1]], float)
    p = joint_agreement_probability(Y, resp)
    # P(Beta(4, 1) > 1/2) = 1 - 0.5^4; P(Beta(2, 2) > 1/2) = 1/2
    assert np.allclose(p, (1 - 0.5**4) * 0.5)
    # soft memberships: between the two hard answers
    soft = joint_agreement_probability(Y, np.array([[0.9, 0.1]] * 3 + [[0.1, 0.9]] * 2), draws=200)
    assert 0.2 < soft[0] < 0.75


def test_label_uses_the_joint_probability():
    a = analyse(planted_conversation(500, 100, 4, seed=0).votes, seed=0)
    p = a.common_ground_probability
    live = ~a.excluded
    assert np.all(
        (a.common_ground[live] == 1) == ((p[live] >= 0.8) & (a.group_counts[..., :2].sum(-1) >= 5).all(0)[live])
    )
    doc = a.to_dict()
    assert doc["statements"][0]["common_ground_probability"] == (None if np.isnan(p[0]) else p[0])


def test_calibrated_near_the_threshold():
    r = calibration(n_groups=(2, 3), seeds=range(2))
    assert r["n"] > 100
    assert r["joint"]["ece"] < 0.12
    # where the label says "common ground" (probability >= 0.8), every group really agrees at least that often
    high = [b for b in r["joint"]["table"] if b["from"] >= 0.8]
    n = sum(b["n"] for b in high)
    assert n and sum(b["observed"] * b["n"] for b in high) / n >= 0.8
