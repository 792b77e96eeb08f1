"""Simulated prioritisation with known true scores: how well do the fitted scores recover the true order?

Each run draws true scores for n options from N(0, spread²), then asks a budget of comparisons, each answered
by a simulated participant: "I can't decide" with probability `tie_rate`, otherwise option i over j with
probability σ(s_i − s_j). Pairs are chosen either uniformly at random or by the adaptive rule (`choose_pair`).
The fitted order is compared with the true order by Kendall's τ.
"""

from __future__ import annotations

import random

import numpy as np

from coproduce.pairwise.bradley_terry import Z_95, Comparison, fit
from coproduce.pairwise.pairing import choose_pair

# The adaptive policy refits the scores after this many comparisons (the web app refits on every request).
REFIT_EVERY = 5


def kendall_tau(x: np.ndarray, y: np.ndarray) -> float:
    """Kendall's τ-a between two score vectors of the same length (1 = same order, −1 = reversed)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(x)
    if n < 2:
        return 1.0
    i, j = np.triu_indices(n, k=1)
    concordance = np.sign(x[i] - x[j]) * np.sign(y[i] - y[j])
    return float(concordance.sum() / len(i))


def simulate(
    n_options: int,
    comparisons_per_option: float,
    policy: str,
    *,
    seed: int = 0,
    spread: float = 1.0,
    tie_rate: float = 0.1,
) -> dict[str, float]:
    """One simulated prioritisation. policy: "random" or "adaptive".

    The budget is comparisons_per_option × n_options / 2 comparisons (each comparison involves two options, so
    every option takes part in `comparisons_per_option` of them on average). Returns {"tau", "comparisons"}.
    """
    if policy not in ("random", "adaptive"):
        raise ValueError("policy must be 'random' or 'adaptive'")
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    true = np_rng.normal(0.0, spread, size=n_options)
    budget = int(round(comparisons_per_option * n_options / 2))
    options = list(range(n_options))
    pair_counts: dict[tuple[int, int], int] = {}
    comparisons: list[Comparison] = []
    current: dict[int, tuple[float, float]] | None = None
    for _ in range(budget):
        if policy == "random":
            a, b = rng.sample(options, 2)
        else:
            # A new simulated participant each time, so nothing is "seen" yet. The scores are refitted once every
            # REFIT_EVERY comparisons: the web app fits on every request, so this is the slower, harder case.
            if comparisons and len(comparisons) % REFIT_EVERY == 0:
                fitted = fit(n_options, comparisons)
                se = (fitted.upper - fitted.lower) / (2 * Z_95)
                current = {o: (float(fitted.score[o]), float(se[o])) for o in options}
            pair = choose_pair(options, pair_counts, rng=rng, scores=current)
            # None only when no pair is left to show; nothing is ever "seen" here, so with two options there is one.
            assert pair is not None, "a prioritisation needs at least two options"
            a, b = pair
        key = (min(a, b), max(a, b))
        pair_counts[key] = pair_counts.get(key, 0) + 1
        if rng.random() < tie_rate:
            chosen = None
        else:
            chosen = a if rng.random() < 1.0 / (1.0 + np.exp(-(true[a] - true[b]))) else b
        comparisons.append(Comparison(a, b, chosen))
    scores = fit(n_options, comparisons)
    return {"tau": kendall_tau(scores.score, true), "comparisons": budget}
