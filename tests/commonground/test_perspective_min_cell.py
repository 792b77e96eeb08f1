"""The engine's small-numbers threshold is a parameter (the platform passes its setting; the engine reads none):
per-perspective sizes, counts and scores of fewer people than it are suppressed, and the analysis says which
threshold it used."""

from __future__ import annotations

import numpy as np
import pytest

from coproduce.commonground import analyse, planted_conversation
from coproduce.commonground.analysis import PERSPECTIVE_MIN_CELL


@pytest.fixture(scope="module")
def planted():
    planted = planted_conversation(60, 12, 2, seed=3, min_votes=12, mean_votes=12)
    ids = planted.votes.participant_ids.tolist()
    # 7 carers, everyone else a patient: a perspective shown at 5, suppressed at 8.
    return planted.votes, {p: ("carer" if i < 7 else "patient") for i, p in enumerate(ids)}


def sizes(analysis) -> dict:
    return {q["id"]: q["size"] for q in analysis.perspectives}


def test_the_default_is_five(planted):
    votes, perspectives = planted
    analysis = analyse(votes, perspectives=perspectives, seed=0)
    assert PERSPECTIVE_MIN_CELL == 5
    assert analysis.diagnostics["common_ground_rule"]["perspective_min_cell"] == 5
    assert sizes(analysis) == {"carer": 7, "patient": 53}


def test_a_higher_threshold_suppresses_the_smaller_perspective(planted):
    votes, perspectives = planted
    shown = analyse(votes, perspectives=perspectives, seed=0, perspective_min_cell=5)
    hidden = analyse(votes, perspectives=perspectives, seed=0, perspective_min_cell=8)
    assert hidden.diagnostics["common_ground_rule"]["perspective_min_cell"] == 8
    assert sizes(hidden) == {"carer": None, "patient": 53}
    carer = hidden.perspective_ids.index("carer")
    counted = shown.perspective_counts[carer].sum(-1)  # carers who voted on each statement (all under 8)
    assert (counted < 8).all() and (counted >= 5).any()
    assert (hidden.perspective_counts[carer] == -1).all()
    assert (shown.perspective_counts[carer][counted >= 5] >= 0).all()
    # The patients' cells do not depend on the carers' threshold.
    patient = hidden.perspective_ids.index("patient")
    assert np.array_equal(hidden.perspective_counts[patient], shown.perspective_counts[patient])


def test_a_threshold_below_one_is_refused(planted):
    votes, perspectives = planted
    with pytest.raises(ValueError, match="perspective_min_cell"):
        analyse(votes, perspectives=perspectives, perspective_min_cell=0)
