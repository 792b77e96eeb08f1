"""A later analysis keeps the held-out choice of k until the votes have grown (decision 0026).

The worker recomputes a live conversation's analysis every few seconds; choosing k again (every vote held out
three times, the null model) was most of each recompute. The choice is kept in the analysis's state and reused
while the clustered participants' votes have grown by less than ``mixture.RECHOOSE_GROWTH``; the groups are still
fitted to every vote each time.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from coproduce.commonground import Votes, analyse, mixture, planted_conversation


@pytest.fixture(scope="module")
def planted():
    return planted_conversation(300, 50, 3, seed=5)


@pytest.fixture(scope="module")
def first(planted):
    return analyse(planted.votes, seed=0)


def _no_choosing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("k was chosen again")

    monkeypatch.setattr(mixture, "_choose_k", refuse)


def _subset(votes: Votes, share: float, seed: int = 0) -> Votes:
    keep = np.random.default_rng(seed).random(votes.n_votes) < share
    return Votes.from_events(
        votes.participant_ids[votes.rows[keep]],
        votes.statement_ids[votes.cols[keep]],
        votes.values[keep],
        participants=votes.participant_ids,
        statements=votes.statement_ids,
    )


def test_the_same_votes_keep_the_choice_and_give_the_same_groups(planted, first, monkeypatch):
    model = first.diagnostics["groups_model"]
    assert model["chosen_now"] is True and 0 < model["chosen_at_votes"] <= planted.votes.n_votes
    _no_choosing(monkeypatch)
    # Through JSON, as the worker's next run reads the snapshot.
    again = analyse(planted.votes, seed=0, previous=json.loads(json.dumps(first.to_dict())))
    kept = again.diagnostics["groups_model"]
    assert kept["chosen_now"] is False and kept["chosen_at_votes"] == model["chosen_at_votes"]
    assert again.diagnostics["k"] == first.diagnostics["k"] == 3
    assert kept["heldout_loglik"] == model["heldout_loglik"] and kept["gain"] == model["gain"]
    assert (again.participant_group == first.participant_group).all()


def test_a_few_more_votes_keep_it_and_a_tenth_more_choose_again(planted, monkeypatch):
    fewer = analyse(_subset(planted.votes, 0.85), seed=0)
    chosen_at = fewer.diagnostics["groups_model"]["chosen_at_votes"]
    assert planted.votes.n_votes >= chosen_at * (1 + mixture.RECHOOSE_GROWTH)
    assert analyse(planted.votes, seed=0, previous=fewer).diagnostics["groups_model"]["chosen_now"] is True

    nearly = analyse(_subset(planted.votes, 0.97, seed=1), seed=0)
    chosen_at = nearly.diagnostics["groups_model"]["chosen_at_votes"]
    _no_choosing(monkeypatch)
    later = analyse(planted.votes, seed=0, previous=nearly)
    assert later.diagnostics["groups_model"]["chosen_now"] is False
    assert later.diagnostics["groups_model"]["chosen_at_votes"] == chosen_at
    assert later.diagnostics["k"] == 3


def test_fewer_votes_another_seed_or_an_older_state_choose_again(planted, first, monkeypatch):
    calls = []
    choose = mixture._choose_k

    def counted(*args, **kwargs):
        calls.append(1)
        return choose(*args, **kwargs)

    monkeypatch.setattr(mixture, "_choose_k", counted)
    analyse(_subset(planted.votes, 0.8), seed=0, previous=first)  # votes taken away (a statement moderated out)
    analyse(planted.votes, seed=1, previous=first)  # another seed
    older = json.loads(json.dumps(first.to_dict()))  # a copy: to_dict shares the analysis's own state
    del older["state"]["k_choice"]  # written by an engine before the choice was kept
    analyse(planted.votes, seed=0, previous=older)
    assert len(calls) == 3
    analyse(planted.votes, seed=0, previous=first)
    assert len(calls) == 3  # kept
