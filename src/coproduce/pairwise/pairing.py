"""Adaptive choice of the next pair: the pairs compared least so far come first.

Rule (ADR 0006): among the pairs this participant has not yet answered, take those with the fewest comparisons by
everyone; among those, the pairs whose two options have the fewest comparisons in total; then draw one at random.
This spreads comparisons evenly over pairs and options (a balanced design), which is what the regularised
Bradley–Terry estimate needs most, and is cheap: one count per pair, no model fit per request.
"""

from __future__ import annotations

import itertools
import random
from typing import Mapping, Sequence


def choose_pair(
    options: Sequence[int],
    pair_counts: Mapping[tuple[int, int], int],
    *,
    seen: set[tuple[int, int]] | frozenset = frozenset(),
    rng: random.Random | None = None,
) -> tuple[int, int] | None:
    """The next pair to show, as (a, b) with a < b, or None when the participant has answered every pair.

    options: option ids; pair_counts: {(a, b) with a < b: comparisons by everyone}; seen: pairs (a < b) this
    participant has answered. The order inside the pair is drawn at random too, so neither side is favoured.
    """
    rng = rng or random.Random()
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
