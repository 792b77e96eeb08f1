"""Bridging score: Community-Notes-style matrix factorisation, solved by alternating least squares.

Model, for each stored vote v (+1 agree, 0 pass, -1 disagree) of participant p on statement s::

    v ~ mu + i_p + i_s + f_p * f_s

minimising  sum (v - model)^2 + lambda_i (mu^2 + sum i_p^2 + sum i_s^2) + lambda_f (sum f_p^2 + sum f_s^2).

The one-dimensional factor f absorbs the main axis of disagreement, so a statement's intercept ``i_s`` is the
agreement the opinion axis does not explain: high only when people on both sides agree (a "bridging"
statement). Holding one side fixed, each participant's (i_p, f_p) - and each statement's (i_s, f_s) - is a
2 x 2 ridge regression with a closed-form solution; the sums it needs are two sparse x dense products per
half-step, so one sweep costs a few passes over the votes (split over the cores, the same to the bit).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .matrix import VALUE_OF, VoteMatrix

__all__ = ["Bridging", "fit_bridging", "LAMBDA_INTERCEPT", "LAMBDA_FACTOR", "MIN_VOTES"]

LAMBDA_INTERCEPT = 0.15
LAMBDA_FACTOR = 0.03
#: Statements with fewer votes get no bridging score (Community Notes requires 5 ratings).
MIN_VOTES = 5


@dataclass(eq=False)
class Bridging:
    """mu : global mean; statement_intercept / statement_factor : (n_statements,);
    participant_intercept / participant_factor : (n_participants,); iterations : sweeps run;
    converged : whether the largest intercept change fell below the tolerance."""

    mu: float
    statement_intercept: np.ndarray
    statement_factor: np.ndarray
    participant_intercept: np.ndarray
    participant_factor: np.ndarray
    iterations: int
    converged: bool


def _solve(
    n: np.ndarray,
    sum_f: np.ndarray,
    sum_ff: np.ndarray,
    rhs_i: np.ndarray,
    rhs_f: np.ndarray,
    lam_i: float,
    lam_f: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised solution of [[n + lam_i, sum_f], [sum_f, sum_ff + lam_f]] [i, f] = [rhs_i, rhs_f]."""
    a = n + lam_i
    d = sum_ff + lam_f
    det = a * d - sum_f * sum_f  # > 0: the regularised Gram matrix is positive definite
    return (d * rhs_i - sum_f * rhs_f) / det, (a * rhs_f - sum_f * rhs_i) / det


def fit_bridging(
    vm: VoteMatrix,
    *,
    init_participant_factor: np.ndarray | None = None,
    init_statement: tuple[np.ndarray, np.ndarray] | None = None,
    lambda_intercept: float = LAMBDA_INTERCEPT,
    lambda_factor: float = LAMBDA_FACTOR,
    max_iter: int = 300,
    tol: float = 1e-3,
) -> Bridging:
    """Fit the model by alternating least squares.

    vm : the votes as a :class:`~coproduce.commonground.matrix.VoteMatrix` (values +1 / 0 / -1; passes are
        votes of value 0).
    init_participant_factor : (n_participants,) start for f_p (e.g. the first map axis); else a deterministic
        alternating start. init_statement : (i_s, f_s) from a previous analysis (warm start, NaN -> 0).
    Stops when the largest change of a statement intercept is below ``tol`` or after ``max_iter`` sweeps.
    """
    n_p, n_s = vm.shape
    n_per_p = vm.n_votes.astype(float)
    n_per_s = vm.counts.sum(1).astype(float)
    sum_v_s = vm.counts @ VALUE_OF
    sum_v_p = vm.Y_matmul(np.tile(VALUE_OF, n_s))
    n_votes = float(n_per_p.sum())
    total_v = float(sum_v_s.sum())
    mu = total_v / (n_votes + lambda_intercept) if n_votes else 0.0
    i_p = np.zeros(n_p)
    if init_participant_factor is not None and np.any(init_participant_factor):
        f_p = np.asarray(init_participant_factor, float)
        f_p = f_p / (np.sqrt(np.mean(f_p * f_p)) + 1e-12)
    else:
        f_p = np.where(np.arange(n_p) % 2 == 0, 1.0, -1.0)
    if init_statement is not None:
        i_s, f_s = (np.nan_to_num(np.asarray(a, float)) for a in init_statement)
    else:
        i_s, f_s = np.zeros(n_s), np.zeros(n_s)

    converged = False
    it = 0
    for it in range(1, max_iter + 1):
        # statements given participants: one product gives, per (statement, value), the sums over voters
        W = vm.Yt_matmul(np.column_stack([f_p, f_p * f_p, i_p, i_p * f_p])).reshape(n_s, 3, 4)
        sums = W.sum(1)  # over the three values: sum f_p, sum f_p^2, sum i_p, sum i_p f_p
        sum_vf = W[:, :, 0] @ VALUE_OF
        rhs_i = sum_v_s - mu * n_per_s - sums[:, 2]
        rhs_f = sum_vf - mu * sums[:, 0] - sums[:, 3]
        new_i_s, f_s = _solve(n_per_s, sums[:, 0], sums[:, 1], rhs_i, rhs_f, lambda_intercept, lambda_factor)
        delta = float(np.max(np.abs(new_i_s - i_s))) if n_s else 0.0
        i_s = new_i_s
        # participants given statements: columns f_s, f_s^2, i_s, i_s f_s, value * f_s per (statement, value)
        Q = np.empty((n_s, 3, 5))
        Q[:, :, 0] = f_s[:, None]
        Q[:, :, 1] = (f_s * f_s)[:, None]
        Q[:, :, 2] = i_s[:, None]
        Q[:, :, 3] = (i_s * f_s)[:, None]
        Q[:, :, 4] = f_s[:, None] * VALUE_OF[None, :]
        mq = vm.Y_matmul(Q.reshape(-1, 5))
        rhs_i = sum_v_p - mu * n_per_p - mq[:, 2]
        rhs_f = mq[:, 4] - mu * mq[:, 0] - mq[:, 3]
        i_p, f_p = _solve(n_per_p, mq[:, 0], mq[:, 1], rhs_i, rhs_f, lambda_intercept, lambda_factor)
        # global mean given everything else: sum over votes of (v - i_p - i_s - f_p f_s)
        resid = total_v - n_per_p @ i_p - n_per_s @ i_s - f_p @ mq[:, 0]
        mu = float(resid / (n_votes + lambda_intercept)) if n_votes else 0.0
        if delta < tol:
            converged = True
            break
    return Bridging(mu, i_s, f_s, i_p, f_p, it, converged)
