"""The routing priority: Polis's form, the split of the room, and the mixture the engine uses by default."""

from __future__ import annotations

import numpy as np
import pytest

from coproduce.commonground import Votes, analyse
from coproduce.commonground.analysis import POLIS_COMPATIBLE
from coproduce.commonground.stats import (
    balance_priority,
    mixed_priority,
    mixed_priority_of_new,
    routing_priority,
)

# [agree, disagree, pass] for four statements: an even split, near-unanimous agreement, mostly passes, no votes.
COUNTS = np.array([[20, 20, 0], [38, 2, 0], [5, 5, 30], [0, 0, 0]])
CENTRE = np.zeros(4)


def test_an_even_split_outranks_agreement_and_passes_for_finding_groups():
    split, agreed, passed, _new = balance_priority(COUNTS)
    assert split > 4 * agreed and split > 4 * passed


def test_polis_priority_favours_agreed_statements():
    _split, agreed, _passed, _new = routing_priority(COUNTS, CENTRE)
    assert agreed > routing_priority(COUNTS, CENTRE)[0]


def test_the_mixture_is_half_of_each_normalised_part():
    mixed = mixed_priority(COUNTS, CENTRE)
    polis, split = routing_priority(COUNTS, CENTRE), balance_priority(COUNTS)
    assert mixed == pytest.approx(polis / polis.sum() / 2 + split / split.sum() / 2)
    assert mixed.sum() == pytest.approx(1.0)


def test_excluded_statements_get_nothing_and_do_not_dilute_the_rest():
    excluded = np.array([False, False, True, False])
    mixed = mixed_priority(COUNTS, CENTRE, excluded=excluded)
    assert mixed[2] == 0.0
    assert mixed.sum() == pytest.approx(1.0)


def test_a_new_statement_gets_the_weight_of_one_nobody_has_voted_on():
    # The fourth statement has no votes: its weight is what the engine promises for statements written later.
    new = mixed_priority_of_new(COUNTS[:3], CENTRE[:3])
    polis, split = routing_priority(COUNTS[:3], CENTRE[:3]), balance_priority(COUNTS[:3])
    expected = (
        routing_priority(COUNTS[3:], CENTRE[3:])[0] / polis.sum() / 2
        + balance_priority(COUNTS[3:])[0] / split.sum() / 2
    )
    assert new == pytest.approx(expected)
    assert new > mixed_priority(COUNTS[:3], CENTRE[:3]).max()  # new statements get seen


def _votes():
    rng = np.random.default_rng(3)
    p, s = rng.integers(0, 40, 600), rng.integers(0, 12, 600)
    return Votes.from_events(p.tolist(), s.tolist(), rng.choice([-1, 0, 1], 600).tolist())


def test_analyse_routes_by_the_mixture_by_default_and_by_polis_when_compatible():
    votes = _votes()
    mixed, polis = analyse(votes), analyse(votes, **POLIS_COMPATIBLE)
    assert mixed.diagnostics["routing"] == "mixed" and polis.diagnostics["routing"] == "polis"
    assert mixed.priority.sum() == pytest.approx(1.0)
    assert not np.allclose(mixed.priority / mixed.priority.sum(), polis.priority / polis.priority.sum())
    assert polis.summaries["priority_of_new_statement"] == pytest.approx((0.5 * 0.5 * 9.0) ** 2)
    assert mixed.summaries["priority_of_new_statement"] > 0


def test_an_unknown_routing_is_refused():
    with pytest.raises(ValueError, match="routing"):
        analyse(_votes(), routing="loudest")
