"""The Bradley–Terry model with an L2 penalty, fitted by Newton's method, with Laplace uncertainty intervals.

Model: option i has a score s_i; in a comparison of i with j, P(i chosen) = σ(s_i − s_j), σ the logistic function.
We minimise the same penalised negative log-likelihood as `choix.opt_pairwise` (Maystre's choix library):

    L(s) = α·Σ s_i² + Σ_comparisons w · log(1 + exp(−(s_winner − s_loser)))

where w = 1 for a choice and "I can't decide" counts as half a win for each side (w = ½ in both directions).
The penalty (a Gaussian prior with variance 1/(2α)) keeps scores finite when an option always wins or was never
compared, and centres them on 0. Newton's method converges in a few steps and gives the Hessian H for free; the
uncertainty interval of s_i is s_i ± z·√(H⁻¹)_ii (a Laplace approximation to the posterior).

Scores are on the log-odds scale; `Scores.chance` turns them into "the chance this option is preferred to an
average one" (σ(s_i)), which is what people are shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

DEFAULT_ALPHA = 0.05
Z_95 = 1.959963984540054


class Comparison(NamedTuple):
    """One comparison between options `a` and `b` (indices); `chosen` is a, b, or None for "I can't decide"."""

    a: int
    b: int
    chosen: int | None


@dataclass(frozen=True)
class Scores:
    """Fitted scores. All arrays have shape (n_options,); scores on the log-odds scale."""

    score: np.ndarray
    lower: np.ndarray  # lower end of the 95 % interval
    upper: np.ndarray  # upper end of the 95 % interval
    comparisons: np.ndarray  # how many comparisons each option took part in (ties included)
    wins: np.ndarray  # how many times each option was chosen
    ties: np.ndarray  # how many "I can't decide" answers each option took part in

    @staticmethod
    def chance(values: np.ndarray) -> np.ndarray:
        """σ(values): the chance of being preferred to an option of score 0 (the average), 0…1."""
        chances: np.ndarray = 1.0 / (1.0 + np.exp(-np.asarray(values, dtype=float)))
        return chances

    def order(self) -> list[int]:
        """Option indices from the highest score to the lowest (ties by index, so the order is stable)."""
        return sorted(range(len(self.score)), key=lambda i: (-self.score[i], i))


def _weighted_pairs(
    n: int, comparisons: Iterable[Comparison]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    winners, losers, weights = [], [], []
    counts = np.zeros(n, dtype=int)
    wins = np.zeros(n, dtype=int)
    ties = np.zeros(n, dtype=int)
    for a, b, chosen in comparisons:
        if a == b or not (0 <= a < n and 0 <= b < n):
            raise ValueError(f"a comparison needs two different options in range(0, {n}), not {a} and {b}")
        counts[a] += 1
        counts[b] += 1
        if chosen is None:
            ties[a] += 1
            ties[b] += 1
            winners += [a, b]
            losers += [b, a]
            weights += [0.5, 0.5]
        elif chosen in (a, b):
            loser = b if chosen == a else a
            wins[chosen] += 1
            winners.append(chosen)
            losers.append(loser)
            weights.append(1.0)
        else:
            raise ValueError(f"the option chosen ({chosen}) must be one of the pair ({a}, {b})")
    return (
        np.asarray(winners, dtype=int),
        np.asarray(losers, dtype=int),
        np.asarray(weights, dtype=float),
        counts,
        wins,
        ties,
    )


def fit(
    n_options: int,
    comparisons: Iterable[Comparison],
    *,
    alpha: float = DEFAULT_ALPHA,
    z: float = Z_95,
    tol: float = 1e-10,
    max_iter: int = 100,
) -> Scores:
    """Fit scores to comparisons of `n_options` options (indices 0 … n_options − 1).

    Deterministic: the same comparisons in any order give the same scores. `alpha` > 0 is the L2 penalty (choix's
    `alpha`). Raises ValueError for a comparison naming an option outside range or chosen outside its pair.
    """
    if alpha <= 0:
        raise ValueError("alpha must be positive: without a penalty an option that always wins has no finite score")
    n = int(n_options)
    w_idx, l_idx, weight, counts, wins, ties = _weighted_pairs(n, comparisons)
    s = np.zeros(n)
    hessian = 2 * alpha * np.eye(n)
    for _ in range(max_iter):
        diff = s[w_idx] - s[l_idx] if len(w_idx) else np.zeros(0)
        p = 1.0 / (1.0 + np.exp(diff))  # σ(−diff): the chance the winner would have lost
        grad = 2 * alpha * s
        np.add.at(grad, w_idx, -weight * p)
        np.add.at(grad, l_idx, weight * p)
        curvature = weight * p * (1 - p)
        hessian = 2 * alpha * np.eye(n)
        np.add.at(hessian, (w_idx, w_idx), curvature)
        np.add.at(hessian, (l_idx, l_idx), curvature)
        np.add.at(hessian, (w_idx, l_idx), -curvature)
        np.add.at(hessian, (l_idx, w_idx), -curvature)
        step = np.linalg.solve(hessian, grad)
        s = s - step
        if np.max(np.abs(step), initial=0.0) < tol:
            break
    # The Hessian at the optimum (recomputed above on the last s but one; the difference is below tol).
    se = np.sqrt(np.clip(np.diag(np.linalg.inv(hessian)), 0, None))
    return Scores(score=s, lower=s - z * se, upper=s + z * se, comparisons=counts, wins=wins, ties=ties)
