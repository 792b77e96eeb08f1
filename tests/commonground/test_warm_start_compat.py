"""A previous analysis of another shape (other engine settings or version, more statements) never breaks a run."""

from __future__ import annotations

import json

from coproduce.commonground import analyse, planted_conversation
from coproduce.commonground.votes import Votes


def test_previous_from_other_dimensions_is_ignored_for_warm_start():
    planted = planted_conversation(n_participants=120, n_statements=30, n_groups=2, seed=3)
    old = analyse(planted.votes, cluster_dims=2, seed=1)
    # Through JSON, as the web app stores it.
    previous = json.loads(old.to_json())
    new = analyse(planted.votes, previous=previous, seed=1)
    assert len(new.groups) >= 2
    assert new.to_dict()["schema_version"] == old.to_dict()["schema_version"]


def test_previous_with_fewer_statements_warm_starts():
    planted = planted_conversation(n_participants=120, n_statements=30, n_groups=2, seed=4)
    pids, sids, values = planted.votes.events()
    first = analyse(planted.votes, seed=1)
    # A new statement arrives with a few votes.
    new_sid = max(sids) + 1
    more = Votes.from_events([*pids, *pids[:10]], [*sids, *([new_sid] * 10)], [*values, *([1] * 10)])
    second = analyse(more, previous=first, seed=1)
    assert new_sid in second.statement_ids.tolist()
    assert len(second.groups) == len(first.groups)
