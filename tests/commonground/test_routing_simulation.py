"""The routing simulation replays a planted conversation and reports the votes needed for a stable map."""

from __future__ import annotations

import pytest

from coproduce.commonground import planted_conversation
from coproduce.commonground.evaluation import simulate_routing


@pytest.fixture(scope="module")
def planted():
    return planted_conversation(n_participants=120, n_statements=30, n_groups=2, seed=5)


@pytest.mark.parametrize(("policy", "routing"), [("random", "mixed"), ("priority", "mixed"), ("priority", "polis")])
def test_every_policy_reaches_a_stable_map_and_says_when(planted, policy, routing):
    result = simulate_routing(planted, policy, seed=1, routing=routing)
    votes = [v for v, _ari in result["curve"]]
    assert votes == sorted(votes) and len(set(votes)) == len(votes)  # one point per round, votes only grow
    needed = result["votes_needed"]
    assert needed is not None and result["common_ground_votes_needed"] is not None
    # votes_needed is the first point of the curve at 0.9 or above; the replay goes on until both targets are met.
    first = next(v for v, ari in result["curve"] if ari >= 0.9)
    assert needed == first
    assert votes[-1] == max(needed, result["common_ground_votes_needed"])
    # The first rounds (one vote each) cannot show the groups: reaching 0.9 takes several rounds.
    assert result["votes_needed"] >= 3 * planted.true_groups.size


def test_an_unreachable_target_is_reported_as_never(planted):
    result = simulate_routing(
        planted, "random", target_ari=1.01, target_common_ground_recall=1.01, max_votes_per_participant=3, seed=1
    )
    assert result["votes_needed"] is None and result["common_ground_votes_needed"] is None
    assert len(result["curve"]) == 3


def test_unknown_policy_is_refused(planted):
    with pytest.raises(ValueError, match="policy"):
        simulate_routing(planted, "loudest")
