"""The routing simulation replays a planted conversation and reports the votes needed for a stable map."""

from __future__ import annotations

import pytest

from coproduce.commonground import planted_conversation
from coproduce.commonground.evaluation import simulate_routing


@pytest.fixture(scope="module")
def planted():
    return planted_conversation(n_participants=120, n_statements=30, n_groups=2, seed=5)


@pytest.mark.parametrize("policy", ["random", "priority"])
def test_both_policies_reach_a_stable_map_and_say_when(planted, policy):
    result = simulate_routing(planted, policy, seed=1)
    votes = [v for v, _ari in result["curve"]]
    assert votes == sorted(votes) and len(set(votes)) == len(votes)  # one point per round, votes only grow
    assert result["votes_needed"] is not None
    assert result["votes_needed"] == votes[-1]
    assert result["curve"][-1][1] >= 0.9
    # The first rounds (one vote each) cannot show the groups: reaching 0.9 takes several rounds.
    assert result["votes_needed"] >= 3 * planted.true_groups.size


def test_an_unreachable_target_is_reported_as_never(planted):
    result = simulate_routing(planted, "random", target_ari=1.01, max_votes_per_participant=3, seed=1)
    assert result["votes_needed"] is None
    assert len(result["curve"]) == 3


def test_unknown_policy_is_refused(planted):
    with pytest.raises(ValueError, match="policy"):
        simulate_routing(planted, "loudest")
