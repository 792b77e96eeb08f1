"""The pure prioritisation maths: Bradley–Terry fit, intervals, adaptive pairing, and the simulation (fast version)."""

from __future__ import annotations

import random
import statistics
import subprocess
import sys

import numpy as np
import pytest

from coproduce.pairwise import Comparison, choose_pair, fit, kendall_tau, simulate


def test_matches_choix_on_the_same_objective():
    choix = pytest.importorskip("choix")
    rng = np.random.default_rng(3)
    pairs = [tuple(int(x) for x in rng.choice(7, 2, replace=False)) for _ in range(150)]
    ours = fit(7, [Comparison(a, b, a) for a, b in pairs], alpha=0.05)
    theirs = choix.opt_pairwise(7, pairs, alpha=0.05)
    assert np.allclose(ours.score, theirs, atol=1e-6)


def test_winner_scores_higher_and_intervals_contain_the_score():
    comparisons = (
        [Comparison(0, 1, 0)] * 8 + [Comparison(1, 0, 1)] * 2 + [Comparison(1, 2, 1)] * 7 + [Comparison(2, 1, 2)] * 3
    )
    scores = fit(3, comparisons)
    assert scores.order() == [0, 1, 2]
    assert np.all(scores.lower < scores.score) and np.all(scores.score < scores.upper)
    assert list(scores.comparisons) == [10, 20, 10]
    assert list(scores.wins) == [8, 9, 3]


def test_more_comparisons_give_narrower_intervals():
    few = fit(2, [Comparison(0, 1, 0), Comparison(0, 1, 1)] * 2)
    many = fit(2, [Comparison(0, 1, 0), Comparison(0, 1, 1)] * 50)
    assert (many.upper - many.lower)[0] < (few.upper - few.lower)[0]


def test_cannot_decide_counts_half_each_way():
    ties = fit(2, [Comparison(0, 1, None)] * 10)
    assert abs(ties.score[0] - ties.score[1]) < 1e-9
    assert list(ties.ties) == [10, 10]
    lean = fit(2, [Comparison(0, 1, None)] * 10 + [Comparison(0, 1, 0)])
    assert lean.score[0] > lean.score[1]


def test_an_option_never_compared_stays_at_zero_with_a_wide_interval():
    scores = fit(3, [Comparison(0, 1, 0)] * 5)
    assert scores.score[2] == pytest.approx(0.0)
    assert (scores.upper - scores.lower)[2] > (scores.upper - scores.lower)[0]


def test_order_of_comparisons_does_not_matter():
    comparisons = [Comparison(0, 1, 0), Comparison(1, 2, 2), Comparison(2, 0, None), Comparison(0, 2, 0)]
    a = fit(3, comparisons)
    b = fit(3, list(reversed(comparisons)))
    assert np.allclose(a.score, b.score)


@pytest.mark.parametrize("bad", [Comparison(0, 0, 0), Comparison(0, 3, 0), Comparison(0, 1, 2)])
def test_bad_comparisons_are_refused(bad):
    with pytest.raises(ValueError):
        fit(3, [bad])


def test_choose_pair_takes_the_least_compared_pair_and_skips_seen_ones():
    counts = {(1, 2): 3, (1, 3): 1, (2, 3): 0}
    pair = choose_pair([1, 2, 3], counts, rng=random.Random(0))
    assert tuple(sorted(pair)) == (2, 3)
    pair = choose_pair([1, 2, 3], counts, seen={(2, 3)}, rng=random.Random(0))
    assert tuple(sorted(pair)) == (1, 3)
    assert choose_pair([1, 2, 3], counts, seen={(1, 2), (1, 3), (2, 3)}) is None
    assert choose_pair([1], {}) is None


def test_choose_pair_spreads_comparisons_evenly():
    counts: dict = {}
    rng = random.Random(1)
    for _ in range(45 * 3):
        a, b = choose_pair(list(range(10)), counts, rng=rng)
        key = (min(a, b), max(a, b))
        counts[key] = counts.get(key, 0) + 1
    assert set(counts.values()) == {3}


def test_kendall_tau():
    assert kendall_tau(np.array([1, 2, 3]), np.array([10, 20, 30])) == 1.0
    assert kendall_tau(np.array([1, 2, 3]), np.array([30, 20, 10])) == -1.0


def test_simulation_recovers_the_true_order_and_adaptive_is_not_worse():
    """Fast version of benchmarks/prioritise.py: 10 options, true scores sd 1.5, 20 comparisons per option."""
    seeds = range(30)
    adaptive = [simulate(10, 20, "adaptive", seed=s, spread=1.5)["tau"] for s in seeds]
    random_ = [simulate(10, 20, "random", seed=s, spread=1.5)["tau"] for s in seeds]
    assert statistics.mean(adaptive) >= 0.7
    # Never worse than random, within two standard errors of the paired difference (30 seeds).
    diffs = [a - r for a, r in zip(adaptive, random_)]
    se = statistics.stdev(diffs) / len(diffs) ** 0.5
    assert statistics.mean(diffs) >= -2 * se


def test_simulation_with_no_signal_recovers_nothing():
    """True scores a billionth apart: every comparison is a coin toss, so the fit must find no order.

    Not spread 0: with every true score equal, τ against them is 0 whatever the fit does, and the check could not
    fail. Here the true scores have an order (a different one per seed) that a leak of them into the choices, or a
    fit that ranked by something other than the choices, would recover.
    """
    taus = [
        simulate(10, 20, policy, seed=s, spread=1e-9)["tau"] for s in range(30) for policy in ("adaptive", "random")
    ]
    assert len(set(taus)) > 10, "τ should vary from seed to seed, around 0"
    # τ-a of a random order of 10 has sd ≈ 0.25, so the mean of 60 has sd ≈ 0.03: 0.1 is over three of them.
    assert abs(statistics.mean(taus)) < 0.1, statistics.mean(taus)


def test_pairwise_imports_nothing_from_django():
    code = (
        "import sys, coproduce.pairwise;"
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_with_scores_the_close_and_uncertain_pair_comes_first():
    # 1 and 2 are close and uncertain; 3 is far above both and well known.
    scores = {1: (0.0, 1.0), 2: (0.1, 1.0), 3: (3.0, 0.2)}
    counts = {(1, 2): 0, (1, 3): 0, (2, 3): 0}
    assert tuple(sorted(choose_pair([1, 2, 3], counts, scores=scores, rng=random.Random(0)))) == (1, 2)
    # A pair asked very often is worth less: the next closest pair takes its place.
    counts[(1, 2)] = 50
    assert tuple(sorted(choose_pair([1, 2, 3], counts, scores=scores, rng=random.Random(0)))) != (1, 2)
    # Pairs this participant has answered are never offered again.
    assert choose_pair([1, 2, 3], counts, scores=scores, seen={(1, 2), (1, 3), (2, 3)}) is None


def test_adaptive_pairing_beats_random_when_people_agree_least():
    """Spread 1 (the favoured option of a typical pair chosen about 7 times in 10): close pairs decide τ."""
    seeds = range(30)
    adaptive = [simulate(10, 20, "adaptive", seed=s, spread=1.0)["tau"] for s in seeds]
    random_ = [simulate(10, 20, "random", seed=s, spread=1.0)["tau"] for s in seeds]
    assert statistics.mean(adaptive) > statistics.mean(random_)
