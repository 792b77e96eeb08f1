"""The gate on the planted families (fixed before the group model was tuned; see families.py).

The issue's gate: the planted number of groups in at least 90 % of the conversations with structure, and one
group ("no clear opinion groups yet") on every conversation without. Measured with `benchmarks/run_families.py`
(`make bench` prints the table): met on the report seeds across all families since the fourth round of decision
0016 (129/140); the held-out families alone are just under it (noisy and uneven-and-sparse conversations still
sometimes get too few groups), which this test records as measured rather than hides.
"""

from __future__ import annotations

import numpy as np
import pytest

from coproduce.commonground import analyse, planted_conversation
from coproduce.commonground.families import FAMILIES, conversations

SEEDS = (100, 101)


def _k_found(held_out: bool) -> list[bool]:
    fams = tuple(f for f in FAMILIES if f.held_out == held_out and f.ks != (1,))
    return [analyse(c.votes, seed=seed).diagnostics["k"] == k for _, k, seed, c in conversations(fams, SEEDS)]


def test_gate_planted_k_on_the_tuning_families():
    found = _k_found(held_out=False)
    assert np.mean(found) >= 0.9, f"planted k found in {np.mean(found):.0%}"


def test_planted_k_on_the_held_out_families_as_measured():
    # 90 % on seeds 100-101 when last measured (decision 0016, fourth round: 36 of 40; on the report seeds
    # 200-203 the held-out families are at 88 %, all families at 92 %); fails if it gets much worse.
    found = _k_found(held_out=True)
    assert np.mean(found) >= 0.8, f"planted k found in {np.mean(found):.0%}"


@pytest.mark.parametrize("family", [f for f in FAMILIES if f.ks == (1,)], ids=lambda f: f.name)
def test_null_model_finds_one_group_without_structure(family):
    for _, _, seed, c in conversations((family,), (100, 101, 102, 103)):
        a = analyse(c.votes, seed=seed)
        assert a.diagnostics["k"] == 1
        assert a.diagnostics["groups_model"]["structure"] is False
        assert "no clear opinion groups yet: one group" in a.diagnostics["messages"]
        assert len(a.group_ids) == 1 and (a.participant_group[a.participant_clustered] == a.group_ids[0]).all()


def test_null_model_keeps_real_groups():
    a = analyse(planted_conversation(500, 100, 2, seed=9).votes, seed=0)
    g = a.diagnostics["groups_model"]
    assert a.diagnostics["k"] == 2 and g["structure"] is True
    assert g["gain"] > g["null_gain"] + 2 * g["gain_se"]


def test_every_iterative_step_reports_convergence():
    a = analyse(planted_conversation(400, 80, 3, seed=1).votes, seed=0)
    conv = a.diagnostics["convergence"]
    assert set(conv) == {"map", "groups", "bridging"}
    assert all(c["converged"] is True and c["iterations"] >= 0 for c in conv.values())
    assert conv["map"]["iterations"] >= 1  # 80 statements x 400 people: solved iteratively, not densely
    assert a.to_dict()["diagnostics"]["convergence"] == conv


def test_unconverged_steps_are_flagged(monkeypatch):
    from coproduce.commonground import analysis, bridging

    real = bridging.fit_bridging
    monkeypatch.setattr(analysis, "fit_bridging", lambda vm, **kw: real(vm, **{**kw, "max_iter": 1}))
    a = analyse(planted_conversation(300, 60, 2, seed=1).votes, seed=0)
    assert a.diagnostics["convergence"]["bridging"]["converged"] is False
    assert any(m.startswith("bridging: the iterative solution stopped") for m in a.diagnostics["messages"])


def test_k_is_judged_on_the_mean_over_several_held_out_splits(monkeypatch):
    from coproduce.commonground import mixture

    # every split runs (a clear first split skips the others: test_groups_mixture.py)
    monkeypatch.setattr(mixture, "CLEAR_Z", 0.0)
    votes = planted_conversation(500, 60, 3, seed=2).votes  # above KFOLD_BELOW votes: the two splits
    assert votes.n_votes >= mixture.KFOLD_BELOW
    a = analyse(votes, seed=0)
    g = a.diagnostics["groups_model"]
    assert mixture.SPLITS >= 2 and g["splits"] == mixture.SPLITS and g["folds"] == 0
    from coproduce.commonground.matrix import VoteMatrix

    vm = VoteMatrix(votes.rows, votes.cols, votes.values, votes.n_participants, votes.n_statements)
    pos = np.random.default_rng(0).standard_normal((votes.n_participants, 2))
    mix = mixture.choose_groups(vm, np.arange(votes.n_participants), pos, seed=0)
    per = mix.extra["heldout_splits"]
    assert len(per) == mixture.SPLITS
    assert per[0] != per[1]  # different hidden votes, so different figures
    for k, v in mix.heldout.items():
        assert v == pytest.approx(np.mean([p[k] for p in per]))


def test_a_small_conversation_holds_every_vote_out_once():
    from coproduce.commonground import mixture
    from coproduce.commonground.matrix import VoteMatrix

    votes = planted_conversation(60, 20, 2, seed=100, min_votes=8, mean_votes=15.0).votes
    vm = VoteMatrix(votes.rows, votes.cols, votes.values, votes.n_participants, votes.n_statements)
    pk, sk = mixture.id_keys(np.arange(60)), mixture.id_keys(np.arange(20))
    hidden = [
        mixture._split(vm.Y, 1 / mixture.FOLDS, pk, sk, mixture._salt(0, 1), fold=f) for f in range(mixture.FOLDS)
    ]
    cells = np.concatenate([rows * vm.Y.shape[1] + cols for _, rows, cols in hidden])
    assert cells.size == vm.Y.nnz and np.unique(cells).size == vm.Y.nnz  # each vote in exactly one fold
    for train, rows, _ in hidden:
        assert train.nnz + rows.size == vm.Y.nnz
    # Two planted groups of 60 people, about 15 votes each: two 15 % splits (about 270 hidden votes) left the null
    # model's test without the power to see them ("no clear opinion groups yet"); every vote held out finds them.
    g = analyse(votes, seed=100).diagnostics
    assert g["groups_model"]["folds"] == mixture.FOLDS and g["groups_model"]["splits"] == 1
    assert g["k"] == 2 and g["groups_model"]["structure"] is True
