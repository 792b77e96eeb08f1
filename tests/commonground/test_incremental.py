"""The incremental path: counts, shares and labels updated vote by vote give what a full count gives."""

from __future__ import annotations

import numpy as np
import pytest

from coproduce.commonground import Votes, analyse, planted_conversation, stats
from coproduce.commonground.incremental import LiveCounts


def _setup():
    c = planted_conversation(240, 40, 3, seed=5, revote_share=0.05)
    ev_p, ev_s, ev_v = c.events
    early = (np.arange(ev_p.size) < int(ev_p.size * 0.85)) & (ev_p < 200)  # participants 200+ come later
    first = Votes.from_events(
        ev_p[early], ev_s[early], ev_v[early], participants=np.arange(200), statements=np.arange(40)
    )
    return c, first, (ev_p[~early], ev_s[~early], ev_v[~early])


def test_votes_one_by_one_give_the_counts_of_a_full_count():
    c, first, (p, s, v) = _setup()
    a = analyse(first, seed=0)
    live = LiveCounts(a, first)
    for pid, sid, val in zip(p.tolist(), s.tolist(), v.tolist()):
        now = live.add_vote(pid, sid, val)
        assert now.id == sid and now.counts.sum() >= 1
    final = c.votes  # every event, the latest vote per cell
    assert np.array_equal(
        live.counts,
        stats.count_votes(final.rows, final.cols, final.values, np.zeros(final.n_participants, np.int64), 1, 40)[0],
    )
    # per group: the analysis's groups, participants new since then in none
    gi = np.full(final.n_participants, -1, dtype=np.int64)
    gi[:200] = np.searchsorted(np.asarray(a.group_ids), np.maximum(a.participant_group, a.group_ids[0]))
    gi[:200][a.participant_group < 0] = -1
    want = stats.count_votes(final.rows, final.cols, final.values, gi, len(a.group_ids), 40)
    assert np.array_equal(live.group_counts, want)


def test_the_live_label_is_the_hard_groups_joint_probability():
    c, first, (p, s, v) = _setup()
    a = analyse(first, seed=0)
    live = LiveCounts(a, first)
    sid = int(first.statement_ids[0])
    now = live.statement(sid)
    resp = np.zeros((first.n_participants, len(a.group_ids)))
    m = a.participant_group >= 0
    resp[np.flatnonzero(m), np.searchsorted(np.asarray(a.group_ids), a.participant_group[m])] = 1.0
    from coproduce.commonground.matrix import VoteMatrix

    vm = VoteMatrix(first.rows, first.cols, first.values, first.n_participants, first.n_statements)
    assert now.common_ground_probability == pytest.approx(stats.joint_agreement_probability(vm.Y, resp)[0])


def test_a_changed_vote_moves_between_columns_and_bad_input_changes_nothing():
    _, first, _ = _setup()
    a = analyse(first, seed=0)
    live = LiveCounts(a, first)
    pid, sid = int(first.participant_ids[first.rows[0]]), int(first.statement_ids[first.cols[0]])
    before = live.counts.copy()
    for val in (1, -1, 0, 0):
        live.add_vote(pid, sid, val)
    assert live.counts.sum() == before.sum()
    with pytest.raises(ValueError):
        live.add_vote(pid, sid, 2)
    with pytest.raises(KeyError):
        live.add_vote(pid, 999, 1)
    assert live.counts.sum() == before.sum()
    new = live.add_vote("someone new", sid, 1)
    assert (
        new.counts.sum() == before[first.cols[0]].sum() + 1
        and new.group_counts.sum() == a.group_counts[:, first.cols[0]].sum()
    )


def test_many_statements_at_once_give_each_ones_figures():
    """statements_now (the web app's live figures, all the statements voted on since an analysis at once) gives
    what statement_now gives for each, excluded statements and no groups included."""
    from coproduce.commonground.incremental import statement_now, statements_now

    rng = np.random.default_rng(11)
    for n_groups in (0, 1, 3):
        n = 40
        group_counts = rng.integers(0, 30, size=(n_groups, n, 3))
        group_counts[:, :5, stats.DISAGREE] = 0  # some statements everyone agrees with
        counts = group_counts.sum(axis=0) if n_groups else rng.integers(0, 30, size=(n, 3))
        excluded = rng.random(n) < 0.1
        ids = [f"s{i}" for i in range(n)]
        together = statements_now(ids, counts, group_counts, excluded)
        for i, sid in enumerate(ids):
            one = statement_now(sid, counts[i], group_counts[:, i, :], bool(excluded[i]))
            both = together[i]
            assert both.id == one.id and both.common_ground == one.common_ground, (n_groups, i)
            assert np.array_equal(both.counts, one.counts) and np.array_equal(both.group_counts, one.group_counts)
            assert both.common_ground_probability == one.common_ground_probability
            assert both.group_aware_consensus == one.group_aware_consensus
