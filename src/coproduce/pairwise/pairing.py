"""Adaptive choice of the next pair.

Without scores yet (ADR 0006): among the pairs this participant has not yet answered, take those with the fewest
comparisons by everyone; among those, the pairs whose two options have the fewest comparisons in total; then draw
one at random. This spreads the first comparisons evenly over pairs and options (a balanced design).

With current scores (ADR 0006, amended): the pair whose answer is worth most, p (1 − p) (se_a² + se_b²) / (1 + n_ab),
where p is the model's chance that a beats b, se the scores' standard errors and n_ab the pair's comparisons so
far: close pairs (p near ½) whose scores are still uncertain, discounted for pairs already asked often. Kendall's τ
counts every pair of options, and close pairs are the ones the order most often gets wrong; at 20 comparisons per
option this lifts τ by about 0.03–0.04 over random pairs when people agree least (benchmarks/prioritise.py).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping, Sequence

import numpy as np


def choose_pair(
    options: Sequence[int],
    pair_counts: Mapping[tuple[int, int], int],
    *,
    seen: set[tuple[int, int]] | frozenset[tuple[int, int]] = frozenset(),
    rng: random.Random | None = None,
    scores: Mapping[int, tuple[float, float]] | None = None,
) -> tuple[int, int] | None:
    """The next pair to show, as (a, b) in random order, or None when the participant has answered every pair.

    options: option ids; pair_counts: {(a, b) with a < b: comparisons by everyone}; seen: pairs (a < b) this
    participant has answered; scores: {option id: (score, standard error)} from the latest fit, or None before
    there is anything to fit. The order inside the pair is drawn at random too, so neither side is favoured.
    """
    rng = rng or random.Random()
    if scores:
        return _most_informative(options, pair_counts, seen, rng, scores)
    option_counts: dict[int, int] = {o: 0 for o in options}
    for (a, b), n in pair_counts.items():
        if a in option_counts and b in option_counts:
            option_counts[a] += n
            option_counts[b] += n
    best: list[tuple[int, int]] = []
    best_key: tuple[int, int] | None = None
    for a, b in itertools.combinations(sorted(options), 2):
        if (a, b) in seen:
            continue
        key = (pair_counts.get((a, b), 0), option_counts[a] + option_counts[b])
        if best_key is None or key < best_key:
            best, best_key = [(a, b)], key
        elif key == best_key:
            best.append((a, b))
    if not best:
        return None
    a, b = rng.choice(best)
    return (a, b) if rng.random() < 0.5 else (b, a)


def _most_informative(
    options: Sequence[int],
    pair_counts: Mapping[tuple[int, int], int],
    seen: set[tuple[int, int]] | frozenset[tuple[int, int]],
    rng: random.Random,
    scores: Mapping[int, tuple[float, float]],
) -> tuple[int, int] | None:
    pairs = [(a, b) for a, b in itertools.combinations(sorted(options), 2) if (a, b) not in seen]
    if not pairs:
        return None
    a_ids, b_ids = zip(*pairs)
    score_a, se_a = np.array([scores[a] for a in a_ids]).T
    score_b, se_b = np.array([scores[b] for b in b_ids]).T
    p = 1.0 / (1.0 + np.exp(-(score_a - score_b)))
    asked = np.array([pair_counts.get(pair, 0) for pair in pairs], dtype=float)
    worth = p * (1.0 - p) * (se_a**2 + se_b**2) / (1.0 + asked)
    best = np.flatnonzero(worth >= worth.max() * (1 - 1e-9))
    a, b = pairs[int(best[rng.randrange(best.size)])]
    return (a, b) if rng.random() < 0.5 else (b, a)
