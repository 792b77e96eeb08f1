"""Opinion groups as a mixture model of votes, the number of groups chosen by held-out likelihood.

Model: participant i belongs to group g with probability pi_g; given the group, each of their votes on
statement s is agree / disagree / pass with probabilities theta[g, s] (a categorical distribution), votes
independent given the group. A missing vote is simply not observed (missing at random given the group), so
the likelihood of a participant is a product over the statements they voted on only: log p(votes_i | g) =
sum over i's votes of log theta[g, s, v], for every participant and group one sparse product Y @ log(theta)
with the one-hot vote matrix Y of :mod:`~coproduce.commonground.matrix`. Fitted by expectation-maximisation
(EM) to convergence; theta[g, s] has a Dirichlet prior of ``ALPHA`` pseudo-votes at the statement's overall
shares, so a small group's rare statements are not estimated from one vote.

**How many groups.** On a sample of at most ``SAMPLE`` clustered participants, ``HOLDOUT`` of the votes are
hidden, the model fitted for k = 1 ... max_groups on the rest, and each hidden vote predicted from the
voter's soft membership (sum_g r_ig theta[g, s, v]). This is done on ``SPLITS`` different hidden shares (each
drawn from the ids), and the k with the best held-out log-likelihood, averaged over the splits, wins (ties: fewer
groups); one split alone let the draw decide borderline conversations (decision 0016, fourth round). The one-standard-error rule (the fewest groups within one standard error of the best) is
off (``ONE_SE_RULE``): it only ever removed real groups; the null model below guards against invented ones.
**Cost** (decision 0016, fifth round): the held-out fits of every fold and start run their EM steps together
(:func:`_fit_folds`, the same numbers as one by one); only the chosen k is then fitted on everyone, once, started from the
sample's fit (the sample's groups are a random sample of everyone's, so its fit is already close and EM needs
a few steps on all the votes). When the first split's best k leads every other k by more than ``CLEAR_Z``
participant-clustered standard errors, the other splits are skipped (they could not change the choice); of
several EM starts, each runs ``SCREEN_ITER`` steps and the ``SCREEN_KEEP`` best run on to convergence.
**Smallest group**: a k whose held-out fit has a group of fewer than ``MIN_GROUP`` people is not chosen, and
such a group in the final fit is merged into the others.
**Order.** Which participants are sampled, which votes are hidden and how the null model shuffles are drawn
from stable keys of the participant and statement ids (:func:`id_keys`), and the k-means starts see the
participants in key order, so the groups do not depend on the order of the rows or columns (decision 0016).
**Whether there are groups at all** is decided against a null model: the same votes with each statement's
values shuffled among its voters (every margin and who voted on what kept, any structure between statements
destroyed). Groups are kept only when their held-out gain over one group beats the gain the same k reaches on
the null data by ``NULL_Z`` standard errors; otherwise k = 1: "no clear opinion groups yet".
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import scipy.sparse as sp

from .groups import _kmeans_best, kmeans_best_many, smooth_k
from .matrix import VoteMatrix, _matmul, _n_threads, _row_parts

__all__ = ["MixtureGroups", "fit_mixture", "choose_groups", "id_keys", "ALPHA", "HOLDOUT", "SAMPLE", "NULL_Z", "SPLITS"]

#: The prior of each group's shares on a statement: this many pseudo-votes at the statement's overall shares
#: (decision 0016, seventh round: 1 left a small conversation's group shares too noisy to predict hidden votes).
ALPHA = 5.0
HOLDOUT = 0.15
SAMPLE = 2000
NULL_Z = 2.0
#: How many different held-out splits each k is judged on (decision 0016, fourth round).
SPLITS = 2
#: Below this many votes (in the sample), every vote is held out once instead: the votes are cut into
#: ``FOLDS`` folds by their keys and each fold is predicted from a fit on the others (decision 0016, fifth
#: round). Two 15 % splits of a 60-person conversation hide about 270 votes, too few for the null model's test
#: to see two plain groups; every fold together hides all of them. Above it two splits hide thousands of votes
#: and the extra fits would cost time for little.
KFOLD_BELOW = 12_000
FOLDS = 7
#: The folds are drawn this many times and each vote's held-out log-likelihood averaged over the draws: on a
#: small conversation which votes share a fold moved k by one or two (the demo's 60 people: 3, 4 or 5 groups
#: by the draw alone); the mean over draws is what the choice should rest on.
FOLD_REPEATS = 3
MAX_ITER = 300
#: Prefer the fewest groups within one standard error of the best held-out likelihood. Off since the draws come
#: from the ids (decision 0016, third round): with it the planted k was missed more often, never exceeded.
ONE_SE_RULE = False
TOL = 1e-6
#: With several starts, each runs this many EM steps and only the best runs on to convergence (fifth round).
SCREEN_ITER = 10
#: ... and this many of the screened starts (the best) run on to convergence.
SCREEN_KEEP = 2
#: The fewest members a group may have (decision 0016, fifth round): a k whose held-out fit has a smaller
#: group is not chosen, and a group of the final fit that ends up smaller is merged into the others.
MIN_GROUP = 5
#: _fit_folds splits its products over the cores when the vote matrix's stored votes times the starts' columns
#: reach this (the 2,000-person sample of a 2 M-vote conversation: about 100,000 votes and up to 36 columns).
PARALLEL_MIN_WORK = 1_000_000
#: Skip the further splits when the first split's best k leads every other by this many standard errors.
CLEAR_Z = 4.0
#: A later analysis (``previous``) keeps the last held-out choice of k until the clustered participants' votes
#: have grown by this share since it was made (decision 0026): during a live conversation the worker recomputes
#: every few seconds, and choosing k again each time was most of each recompute's work.
RECHOOSE_GROWTH = 0.1


@dataclass(eq=False)
class Fit:
    """One EM fit: resp (n, k) soft memberships; theta (3 n_s, k) vote probabilities per (statement, value)
    column of Y; weights (k,); loglik; iterations; converged."""

    resp: np.ndarray
    theta: np.ndarray
    weights: np.ndarray
    loglik: float
    iterations: int
    converged: bool


def _base_shares(P: _Products, n_s: int) -> np.ndarray:
    """Each statement's overall shares of agree / disagree / pass among the participants who count (Laplace)."""
    if P.rows is None:
        c = np.diff(P.Yt.indptr).reshape(n_s, 3).astype(float)
    else:
        c = np.asarray(P.yt(P.rows.astype(float))).reshape(n_s, 3)
    return _shares(c)


def _shares(c: np.ndarray) -> np.ndarray:
    """Agree / disagree / pass counts (..., 3) as shares, one pseudo-vote each (Laplace)."""
    return cast(np.ndarray, (c + 1.0) / (c.sum(-1, keepdims=True) + 3.0))


class _Products:
    """``Y @ V`` and ``Yt @ U`` for EM, split by rows over the cores when Y is big (the vote matrix's own
    pieces, see :mod:`~coproduce.commonground.matrix`: the same result to the bit, SciPy's kernels release the
    GIL). ``rows`` (bool, n) are the participants that count (the others' memberships are computed but take no
    part in the fit): the final fit runs on the whole vote matrix without copying the clustered rows out."""

    def __init__(
        self,
        Y: sp.csr_matrix,
        Yt: sp.csr_matrix,
        rows: np.ndarray | None = None,
        Y_parts: list[tuple[int, int, sp.csr_matrix]] | None = None,
        Yt_parts: list[tuple[int, int, sp.csr_matrix]] | None = None,
    ):
        self.Y, self.Yt, self.Y_parts, self.Yt_parts = Y, Yt, Y_parts, Yt_parts
        self.rows = None if rows is None or bool(np.all(rows)) else np.asarray(rows, bool)
        self.n = Y.shape[0] if self.rows is None else int(self.rows.sum())

    def y(self, V: np.ndarray) -> np.ndarray:
        return _matmul(self.Y, self.Y_parts, V)

    def yt(self, U: np.ndarray) -> np.ndarray:
        return _matmul(self.Yt, self.Yt_parts, U)


def _max_last(A: np.ndarray) -> np.ndarray:
    """``A.max(-1, keepdims=True)``, as elementwise maxima: NumPy reduces a short last axis one output at a
    time, which on the EM's (participants x groups) arrays cost more than the rest of the step."""
    m = A[..., 0].copy()
    for j in range(1, A.shape[-1]):
        np.maximum(m, A[..., j], out=m)
    return m[..., None]


def _sum_last(A: np.ndarray) -> np.ndarray:
    """``A.sum(-1, keepdims=True)`` added left to right, as elementwise sums (NumPy's own order for fewer than
    8 terms, so the same numbers; see :func:`_max_last` for why)."""
    total = A[..., 0].copy()
    for j in range(1, A.shape[-1]):
        total += A[..., j]
    return total[..., None]


def _theta(P: _Products, resp: np.ndarray, base: np.ndarray, alpha: float) -> np.ndarray:
    """MAP vote probabilities given the memberships: theta (3 n_s, columns of resp), each column on its own
    (Dirichlet prior of ``alpha`` pseudo-votes at the overall shares)."""
    n_s = base.shape[0]
    C = np.asarray(P.yt(resp)).reshape(n_s, 3, -1)
    theta3 = (C + alpha * base) / ((C[:, 0] + C[:, 1] + C[:, 2])[:, None] + alpha)
    return cast(np.ndarray, theta3.reshape(3 * n_s, -1))


def _weights(resp: np.ndarray, n: int) -> np.ndarray:
    """MAP group weights (k,) given one fit's memberships (n, k) (one pseudo-member per group)."""
    return cast(np.ndarray, (resp.sum(0) + 1.0) / (n + resp.shape[1]))


def _m_step(P: _Products, resp: np.ndarray, base: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """MAP estimates given the memberships: theta (3 n_s, k) and the group weights (k,)."""
    return _theta(P, resp, base, alpha), _weights(resp, P.n)


def _memberships(L: np.ndarray, weights: np.ndarray, rows: np.ndarray | None) -> tuple[np.ndarray, float]:
    """From L = Y @ log(theta) (n, k), overwritten: memberships (n, k) (zero on rows that do not count) and the
    log-likelihood of the votes."""
    L += np.log(weights)[None, :]
    m = _max_last(L)
    L -= m
    np.exp(L, out=L)
    s = _sum_last(L)
    L /= s
    lik = m + np.log(s)
    if rows is not None:
        L[~rows] = 0.0
        lik = lik[rows]
    return L, float(lik.sum())


def _e_step(P: _Products, theta: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, float]:
    """Memberships (n, k) (zero on rows that do not count) and the log-likelihood of the votes."""
    return _memberships(np.asarray(P.y(np.log(theta))), weights, P.rows)


def fit_mixture(
    Y: sp.csr_matrix,
    Yt: sp.csr_matrix,
    resp0: np.ndarray,
    *,
    alpha: float | None = None,
    max_iter: int = MAX_ITER,
    tol: float = TOL,
    rows: np.ndarray | None = None,
    Y_parts: list[tuple[int, int, sp.csr_matrix]] | None = None,
    Yt_parts: list[tuple[int, int, sp.csr_matrix]] | None = None,
) -> Fit:
    """EM from the soft memberships ``resp0`` (n, k) until one EM step changes the log-likelihood by less than
    ``tol`` (relative) or ``max_iter`` EM steps have run. Y : (n, 3 n_s) one-hot votes, Yt its transpose
    (CSR); ``rows`` (bool, n): only these participants count (default: all; the others get zero memberships);
    ``Y_parts`` / ``Yt_parts``: row pieces of Y and Yt to multiply in parallel."""
    alpha = ALPHA if alpha is None else alpha  # read when called: a test may set another prior
    P = _Products(Y, Yt, rows, Y_parts, Yt_parts)
    n_s = Y.shape[1] // 3
    base = _base_shares(P, n_s)[:, :, None]
    resp = resp0 if P.rows is None else np.where(P.rows[:, None], resp0, 0.0)
    last = -np.inf
    converged = False
    it = 0
    ll = -np.inf
    for it in range(1, max_iter + 1):
        theta, weights = _m_step(P, resp, base, alpha)
        resp, ll = _e_step(P, theta, weights)
        if abs(ll - last) <= tol * max(abs(ll), 1.0):
            converged = True
            break
        last = ll
    return Fit(resp, theta, weights, ll, it, converged)


class _Folds:
    """The training vote matrices of several held-out splits or folds of one sample (each (n, 3 n_s), and its
    transpose), fitted together: :func:`_fit_folds` multiplies them as one block-diagonal matrix, so that an
    EM step of every fold and every start is two sparse products, not two per fold. Fold f's rows and columns
    of the block-diagonal matrix hold its own matrix's entries in their own order, so each product's rows are
    summed exactly as in a product with that fold's matrix alone (the same numbers to the bit)."""

    def __init__(self, trains: list[sp.csr_matrix], transposes: list[sp.csr_matrix]):
        self.trains, self.transposes = trains, transposes
        self.n, self.n_s = trains[0].shape[0], trains[0].shape[1] // 3
        # each statement's overall shares in each fold's training votes, as _base_shares (F, n_s, 3, 1)
        self.base = _shares(np.stack([np.diff(t.indptr).reshape(self.n_s, 3) for t in transposes]).astype(float))[
            ..., None
        ]
        self._taken: tuple[tuple[int, ...], sp.csr_matrix, sp.csr_matrix] | None = None
        self._parts: tuple[tuple[int, ...], Any, Any] | None = None

    def products(self, folds: tuple[int, ...], width: int) -> tuple[_Products, np.ndarray]:
        """The block-diagonal products of these folds with ``width`` columns (split by rows over the cores when
        that is much work: the same result to the bit), and the folds' base shares."""
        if self._taken is None or self._taken[0] != folds:
            self._taken = (
                folds,
                _block_diagonal([self.trains[f] for f in folds]),
                _block_diagonal([self.transposes[f] for f in folds]),
            )
        _, Y, Yt = self._taken
        threads = _n_threads() if Y.nnz * width >= PARALLEL_MIN_WORK else 1
        if threads < 2:
            return _Products(Y, Yt), self.base[list(folds)]
        if self._parts is None or self._parts[0] != folds:
            self._parts = (folds, _row_parts(Y, threads), _row_parts(Yt, threads))
        return _Products(Y, Yt, None, self._parts[1], self._parts[2]), self.base[list(folds)]


def _block_diagonal(blocks: list[sp.csr_matrix]) -> sp.csr_matrix:
    """The CSR matrices (all of one shape) as the blocks of one block-diagonal CSR matrix, each row's entries in
    the order its block stores them (SciPy's block_diag goes through COO and may reorder them)."""
    if len(blocks) == 1:
        return blocks[0]
    n, m = blocks[0].shape
    starts = np.cumsum([0] + [b.nnz for b in blocks])
    indptr = np.concatenate([b.indptr[:-1] + s for b, s in zip(blocks, starts)] + [starts[-1:]])
    indices = np.concatenate([b.indices + f * m for f, b in enumerate(blocks)])
    data = np.concatenate([b.data for b in blocks])
    return sp.csr_matrix((data, indices, indptr), shape=(len(blocks) * n, len(blocks) * m))


def _fit_folds(
    folds: _Folds, jobs: list[tuple[int, np.ndarray, int]], *, alpha: float | None = None, tol: float = TOL
) -> list[Fit]:
    """EM for each job (fold, starting memberships (n, k), most EM steps), every job of one width k:
    ``[fit_mixture(train_f, trainT_f, r0, max_iter=m) for f, r0, m in jobs]``, the same fits to the bit.

    Choosing k on a small conversation runs tens of thousands of EM steps on tiny matrices (21 folds, a few
    starts each, k = 1 ... 6), where calling a product costs more than its arithmetic; here one EM step of every
    job is two sparse products. The jobs sit in slots: the folds' block-diagonal rows, and side by side as
    columns the slots of each fold (a product's column does not depend on the others, and each sum runs in the
    order of a product with that fold and start alone). A fold with fewer jobs fills its spare slots with a copy
    of its first (computed, never read). A fold or slot whose every job has converged or run its steps drops
    out of the products."""
    alpha = ALPHA if alpha is None else alpha
    n, k = folds.n, jobs[0][1].shape[1]
    by_fold: dict[int, list[int]] = {}
    for j, (f, _, _) in enumerate(jobs):
        by_fold.setdefault(f, []).append(j)
    fold_ids = sorted(by_fold)
    slots = max(len(v) for v in by_fold.values())
    R = np.empty((len(fold_ids), n, slots, k))
    job_at = np.full((len(fold_ids), slots), -1)
    limit = np.zeros((len(fold_ids), slots), dtype=np.int64)
    for a, f in enumerate(fold_ids):
        for s in range(slots):
            j = by_fold[f][s] if s < len(by_fold[f]) else by_fold[f][0]
            R[a, :, s, :] = jobs[j][1]
            if s < len(by_fold[f]):
                job_at[a, s], limit[a, s] = j, jobs[j][2]
    active = job_at >= 0
    last = np.full(job_at.shape, -np.inf)
    out: list[Fit | None] = [None] * len(jobs)
    it = 0
    while active.any():
        it += 1
        F, S = R.shape[0], R.shape[2]
        P, base = folds.products(tuple(fold_ids), S * k)
        # the M step (theta column by column, as _theta; the weights as _weights), then the E step (as _memberships)
        C = np.asarray(P.yt(R.reshape(F * n, S * k))).reshape(F, folds.n_s, 3, S * k)
        theta = ((C + alpha * base) / ((C[:, :, 0] + C[:, :, 1] + C[:, :, 2])[:, :, None] + alpha)).reshape(
            F, 3 * folds.n_s, S * k
        )
        L = np.asarray(P.y(np.log(theta).reshape(F * 3 * folds.n_s, S * k))).reshape(F, n, S, k)
        weights = (R.sum(1) + 1.0) / (n + k)
        L += np.log(weights)[:, None]
        m = _max_last(L)
        L -= m
        np.exp(L, out=L)
        total = _sum_last(L)
        L /= total
        ll = np.ascontiguousarray((m + np.log(total))[..., 0].transpose(0, 2, 1)).sum(2)  # (F, S), as lik.sum()
        converged = np.abs(ll - last) <= tol * np.maximum(np.abs(ll), 1.0)
        done = active & (converged | (it >= limit))
        for a, s in zip(*np.nonzero(done)):
            cols = slice(s * k, (s + 1) * k)
            out[job_at[a, s]] = Fit(
                L[a, :, s, :].copy(),
                np.ascontiguousarray(theta[a, :, cols]),
                weights[a, s].copy(),
                float(ll[a, s]),
                it,
                bool(converged[a, s]),
            )
        active &= ~done
        last = ll
        R = L
        keep_f, keep_s = active.any(1), active.any(0)
        if not (keep_f.all() and keep_s.all()):  # drop the folds and slots that are done
            R = np.ascontiguousarray(R[keep_f][:, :, keep_s])
            active, last = active[keep_f][:, keep_s], last[keep_f][:, keep_s]
            job_at, limit = job_at[keep_f][:, keep_s], limit[keep_f][:, keep_s]
            fold_ids = [fold_ids[a] for a in np.flatnonzero(keep_f)]
    return cast(list[Fit], out)


def _onehot(labels: np.ndarray, k: int) -> np.ndarray:
    r = np.full((labels.size, k), 1e-3)
    r[np.arange(labels.size), labels] = 1.0
    return cast(np.ndarray, r / r.sum(1, keepdims=True))


def _init(pos: np.ndarray, w: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    if k == 1:
        return np.ones((pos.shape[0], 1))
    _, lab = _kmeans_best(pos, w, k, rng)
    kk = int(lab.max()) + 1
    if kk < k:  # fewer distinct positions than groups: spread the rest at random
        lab = np.where(rng.random(lab.size) < 0.5, lab, rng.integers(0, k, lab.size))
    return _onehot(lab, k)


class _Starts:
    """The EM starts of one sample, shared by its splits and folds: k-means on the map positions for each k
    (:func:`_init`; depends only on the positions, k and the seed) and the 2-means split of a group's members
    (the same members split the same way in every fold where a fit has them as one group)."""

    def __init__(self, pos: np.ndarray, seed: int):
        self.pos, self.seed = pos, seed
        self.w = np.ones(pos.shape[0])
        self._firsts: dict[int, np.ndarray] = {}
        self._halves: dict[tuple[int, bytes], np.ndarray] = {}

    def first(self, k: int) -> np.ndarray:
        if k not in self._firsts:
            self._firsts[k] = _init(self.pos, self.w, k, np.random.default_rng(self.seed + 7919 * k))
        return self._firsts[k]

    def half(self, j: int, members: np.ndarray) -> np.ndarray:
        """Which of the two halves each member goes to (2-means of their positions; seeded by the group j)."""
        self.halves([(j, members)])
        return self._halves[(j, members.tobytes())]

    def halves(self, wanted: list[tuple[int, np.ndarray]]) -> None:
        """Work out the halves of these (group j, members) not known yet, every 2-means together
        (:func:`~coproduce.commonground.groups.kmeans_best_many`: the same halves as one at a time)."""
        todo: dict[tuple[int, bytes], tuple[int, np.ndarray]] = {}
        for j, members in wanted:
            key = (j, members.tobytes())
            if key not in self._halves:
                todo.setdefault(key, (j, members))
        if not todo:
            return
        fits = kmeans_best_many(
            [self.pos[members] for _, members in todo.values()],
            [self.w[members] for _, members in todo.values()],
            2,
            [np.random.default_rng(self.seed + j) for j, _ in todo.values()],
        )
        for key, (_, labels) in zip(todo, fits):
            self._halves[key] = labels


def _best_fits(folds: _Folds, starts: _Starts, k: int, smaller: list[Fit | None]) -> list[Fit]:
    """For each fold, EM from several starts and the fit with the best likelihood, every fold's EM together
    (:func:`_fit_folds`). Starts: k-means on the map positions, and (greedy splitting) the fold's fit with one
    group fewer, ``smaller[f]``, with each of its groups in turn split in two by 2-means on its members'
    positions - which finds small groups that k-means on the map merges.

    With more than one start, every start first runs ``SCREEN_ITER`` EM steps and only the ``SCREEN_KEEP`` with
    the best likelihood then run to convergence (the "short runs" strategy of Biernacki, Celeux & Govaert 2003):
    EM climbs fastest in its first steps, so which basin a start is in shows early, and running every start to
    a relative tolerance of 1e-6 cost most of the time of choosing k (decision 0016, fifth round)."""
    per_fold: list[list[np.ndarray]] = []
    labs = [None if prev is None or k < 2 else np.argmax(prev.resp, axis=1) for prev in smaller]
    groups = [[np.flatnonzero(lab == j) for j in range(k - 1)] if lab is not None else [] for lab in labs]
    starts.halves([(j, members) for g in groups for j, members in enumerate(g) if members.size >= 4])
    for lab, members_of in zip(labs, groups):
        mine = [starts.first(k)]
        if lab is not None:
            for j, members in enumerate(members_of):
                if members.size < 4:
                    continue
                new = lab.copy()
                new[members[starts.half(j, members) == 1]] = k - 1
                mine.append(_onehot(new, k))
        per_fold.append(mine)
    jobs = [(f, r0, SCREEN_ITER if len(mine) > 1 else MAX_ITER) for f, mine in enumerate(per_fold) for r0 in mine]
    screened = _fit_folds(folds, jobs)
    runs: list[list[Fit]] = []
    for mine in per_fold:
        runs.append(screened[: len(mine)])
        screened = screened[len(mine) :]
    # the SCREEN_KEEP best of each fold (ties: the earlier start) run on to convergence; the best of them wins
    orders = [sorted(range(len(r)), key=lambda i: (-r[i].loglik, i))[: max(1, SCREEN_KEEP)] for r in runs]
    more = [(f, i) for f, order in enumerate(orders) for i in order if not runs[f][i].converged and len(runs[f]) > 1]
    longer = (
        _fit_folds(folds, [(f, runs[f][i].resp, MAX_ITER - runs[f][i].iterations) for f, i in more]) if more else []
    )
    longer_at = dict(zip(more, longer))
    best_fits = []
    for f, order in enumerate(orders):
        spent = sum(fit.iterations for fit in runs[f])
        best: Fit | None = None
        for i in order:
            fit = longer_at.get((f, i), runs[f][i])
            if (f, i) in longer_at:
                spent += fit.iterations
            if best is None or fit.loglik > best.loglik:
                best = fit
        assert best is not None
        best.iterations = spent  # every EM step spent on this k
        best_fits.append(best)
    return best_fits


def _smallest_group(fit: Fit) -> int:
    """Members of the fit's smallest group (each participant in their most likely group)."""
    k = fit.resp.shape[1]
    return int(np.bincount(np.argmax(fit.resp, axis=1), minlength=k).min()) if fit.resp.shape[0] else 0


def id_keys(ids: Any) -> np.ndarray:
    """A stable 64-bit key of each id (BLAKE2b of its text; Python's own ``hash`` of a string changes between
    processes). Everything random in the choice of k - which participants are sampled, which votes are hidden,
    how the null model shuffles - is drawn from these keys, not from row positions, so the groups do not depend
    on the order of the rows, and adding a participant leaves everyone else's draws as they were."""
    return np.fromiter(
        (int.from_bytes(hashlib.blake2b(str(x).encode(), digest_size=8).digest(), "little") for x in ids),
        dtype=np.uint64,
        count=len(ids),
    )


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser on uint64 (a bijection that spreads every input bit over the output)."""
    x = np.asarray(x, dtype=np.uint64).copy()
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def _unit(x: np.ndarray) -> np.ndarray:
    """uint64 -> uniform float in [0, 1)."""
    return cast(np.ndarray, (x >> np.uint64(11)).astype(np.float64) * 2.0**-53)


def _salt(seed: int, purpose: int) -> np.uint64:
    return cast(np.uint64, _mix(np.array([(seed & 0xFFFFFFFF) * 1000 + purpose], dtype=np.uint64))[0])


def _vote_keys(Y: sp.csr_matrix, pk: np.ndarray, sk: np.ndarray, salt: np.uint64) -> np.ndarray:
    """A pseudo-random uint64 per stored vote of Y, a function of (participant key, statement key, salt) only."""
    rows = np.repeat(np.arange(Y.shape[0]), np.diff(Y.indptr))
    return _mix(pk[rows] ^ _mix(sk[Y.indices // 3] ^ salt))


def _split(
    Y: sp.csr_matrix, share: float, pk: np.ndarray, sk: np.ndarray, salt: np.uint64, fold: int | None = None
) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """Hide ``share`` of the stored votes, each hidden or not by its (participant, statement, salt) key:
    (training Y, hidden rows, hidden columns). With ``fold``, the votes are cut into ``FOLDS`` folds by the same
    keys and fold ``fold`` is hidden instead (the folds of one salt never overlap)."""
    Y = Y.tocsr()
    u = _unit(_vote_keys(Y, pk, sk, salt))
    hide = u < share if fold is None else np.floor(u * FOLDS) == fold
    rows = np.repeat(np.arange(Y.shape[0]), np.diff(Y.indptr))
    train = sp.csr_matrix((Y.data[~hide], (rows[~hide], Y.indices[~hide])), shape=Y.shape)
    return train, rows[hide], Y.indices[hide]


def _permute_within_statements(Y: sp.csr_matrix, pk: np.ndarray, sk: np.ndarray, salt: np.uint64) -> sp.csr_matrix:
    """The null model: each statement's vote values shuffled among the participants who voted on it (the
    shuffle ordered by each vote's key, so it does not depend on the order of the rows)."""
    Y = Y.tocsr()
    rows = np.repeat(np.arange(Y.shape[0]), np.diff(Y.indptr))
    col = Y.indices.astype(np.int64)
    stmt, val = col // 3, col % 3
    by_stmt = np.lexsort((pk[rows], stmt))  # within a statement, in key order: independent of row order
    shuffled = np.lexsort((_vote_keys(Y, pk, sk, salt), stmt))
    new_val = np.empty_like(val)
    new_val[by_stmt] = val[shuffled]
    return sp.csr_matrix((Y.data, (rows, stmt * 3 + new_val)), shape=Y.shape)


def _heldout_folds(
    Y: sp.csr_matrix,
    ks: list[int],
    pk: np.ndarray,
    sk: np.ndarray,
    seed: int,
    splits: list[tuple[int, int | None]],
    starts: _Starts,
) -> list[tuple[dict[int, np.ndarray], dict[int, Fit], np.ndarray, np.ndarray]]:
    """For each (split, fold) of ``splits``: the per-hidden-vote log-likelihood for each k (the same hidden votes
    for every k), the fits, and the hidden votes' rows and columns. ``split`` picks the draw: the data's splits
    are 1, 11, 21, ... (``SPLITS`` of them), the null model's is 4; ``fold`` hides one of the ``FOLDS`` folds of
    that draw instead of a ``HOLDOUT`` share. Every split's EM runs together (:func:`_best_fits`), k after k."""
    cuts = [_split(Y, HOLDOUT, pk, sk, _salt(seed, split), fold) for split, fold in splits]
    folds = _Folds([train for train, _, _ in cuts], [train.T.tocsr() for train, _, _ in cuts])
    lls: list[dict[int, np.ndarray]] = [{} for _ in cuts]
    fits: list[dict[int, Fit]] = [{} for _ in cuts]
    prev: list[Fit | None] = [None] * len(cuts)
    for k in ks:
        prev = cast(list[Fit | None], _best_fits(folds, starts, k, prev))
        for ll, fs, fit, (_, hr, hc) in zip(lls, fits, prev, cuts):
            assert fit is not None
            p = np.einsum("ij,ij->i", fit.resp[hr], fit.theta[hc])
            ll[k] = np.log(np.maximum(p, 1e-300))
            fs[k] = fit
    return [(ll, fs, hr, hc) for ll, fs, (_, hr, hc) in zip(lls, fits, cuts)]


def _heldout(
    Y: sp.csr_matrix,
    pos: np.ndarray,
    ks: list[int],
    pk: np.ndarray,
    sk: np.ndarray,
    seed: int,
    split: int = 1,
    starts: _Starts | None = None,
    fold: int | None = None,
) -> tuple[dict[int, np.ndarray], dict[int, Fit], np.ndarray, np.ndarray]:
    """:func:`_heldout_folds` of one split (or fold); ``starts`` caches the EM starts of ``pos`` (the same for
    every split)."""
    return _heldout_folds(Y, ks, pk, sk, seed, [(split, fold)], starts or _Starts(pos, seed))[0]


def _clustered_se(d: np.ndarray, rows: np.ndarray) -> float:
    """Standard error of the mean of per-vote differences ``d`` with the votes clustered by participant
    (``rows``): one person's votes are not independent of each other, so this is wider than the per-vote
    standard error and is the honest one for saying a choice is clear."""
    if d.size < 2:
        return float("inf")
    u, inv = np.unique(rows, return_inverse=True)
    if u.size < 2:
        return float("inf")
    resid = np.bincount(inv, weights=d - d.mean(), minlength=u.size)
    return float(np.sqrt(u.size / (u.size - 1) * (resid @ resid)) / d.size)


def _eligible(ks: list[int], smallest: Mapping[int, int]) -> list[int]:
    """The k that may be chosen: one group, or every group of the held-out fits with at least ``MIN_GROUP``
    members. A "group" of one or two people is someone's odd votes, not an opinion group (the 36-person
    conversation of decision 0016's fifth round), and no share shown for it would mean anything."""
    return [k for k in ks if k == 1 or smallest[k] >= MIN_GROUP]


def _clear(lls: list[dict[int, np.ndarray]], ks: list[int], smallest: Mapping[int, int], hr: np.ndarray) -> bool:
    """After the first split: is the best k ahead of every other eligible k by more than ``CLEAR_Z``
    participant-clustered standard errors? Then averaging over more splits (which share 85 % of their
    training votes, so their figures move little between them) cannot change the choice, and they are skipped;
    on borderline conversations, the ones the averaging is for, they still run."""
    if CLEAR_Z <= 0 or hr.size < 2:  # no hidden votes to judge by (a tiny conversation)
        return False
    ll = lls[0]
    eligible = _eligible(ks, smallest)
    best = max(eligible, key=lambda k: (float(ll[k].mean()), -k))
    for k in eligible:
        if k != best:
            d = ll[best] - ll[k]
            if float(d.mean()) <= CLEAR_Z * _clustered_se(d, hr):
                return False
    return True


def _diff_se(ds: list[np.ndarray]) -> float:
    """Standard error of a held-out difference per vote, averaged over the splits' own standard errors (not
    divided by the square root of their number: the splits share most of their votes, so they are far from
    independent, and the null model's threshold keeps the strictness it had with one split)."""
    ses = [float(d.std(ddof=1) / np.sqrt(d.size)) if d.size > 1 else 0.0 for d in ds]
    return float(np.mean(ses)) if ses else 0.0


@dataclass(eq=False)
class KChoice:
    """A held-out choice of k and what it rests on: ``votes`` the clustered participants' votes it was made on,
    ``k_max`` / ``seed`` / ``folds`` (0: ``splits`` held-out splits instead) what it was made with; ``k_best``
    (1 when the null model found no structure), ``k_heldout``, ``heldout`` {k: mean held-out log-likelihood per
    vote}, ``gain`` / ``null_gain`` / ``gain_se``, ``structure``, ``converged`` (every held-out fit converged).
    ``fresh``: made by this analysis (False: kept from the previous one). Kept in the analysis's state."""

    votes: int
    k_max: int
    seed: int
    folds: int
    splits: int
    k_best: int
    k_heldout: int
    heldout: dict[int, float]
    gain: float
    null_gain: float
    gain_se: float
    structure: bool
    converged: bool
    fresh: bool = True

    def to_state(self) -> dict[str, Any] | None:
        """JSON-ready (None if a figure is not finite: JSON has no NaN, and the next analysis then chooses)."""
        figures = [*self.heldout.values(), self.gain, self.null_gain, self.gain_se]
        if not all(np.isfinite(figures)):
            return None
        return {
            "votes": self.votes,
            "k_max": self.k_max,
            "seed": self.seed,
            "folds": self.folds,
            "splits": self.splits,
            "k_best": self.k_best,
            "k_heldout": self.k_heldout,
            "heldout": [[k, float(v)] for k, v in sorted(self.heldout.items())],
            "gain": float(self.gain),
            "null_gain": float(self.null_gain),
            "gain_se": float(self.gain_se),
            "structure": self.structure,
            "converged": self.converged,
        }

    @classmethod
    def kept(
        cls, previous: Mapping[str, Any] | None, *, votes: int, k_max: int, seed: int, folds: int
    ) -> KChoice | None:
        """The previous analysis's choice, if this analysis may keep it: made with the same largest k, seed and
        kind of hold-out, on no more votes than there are now and fewer than ``1 + RECHOOSE_GROWTH`` times them
        (votes taken away, as when a statement is moderated out, mean choosing again)."""
        raw = (previous or {}).get("k_choice")
        if not isinstance(raw, Mapping):
            return None
        try:
            choice = cls(
                votes=int(raw["votes"]),
                k_max=int(raw["k_max"]),
                seed=int(raw["seed"]),
                folds=int(raw["folds"]),
                splits=int(raw["splits"]),
                k_best=int(raw["k_best"]),
                k_heldout=int(raw["k_heldout"]),
                heldout={int(k): float(v) for k, v in raw["heldout"]},
                gain=float(raw["gain"]),
                null_gain=float(raw["null_gain"]),
                gain_se=float(raw["gain_se"]),
                structure=bool(raw["structure"]),
                converged=bool(raw["converged"]),
                fresh=False,
            )
        except (KeyError, TypeError, ValueError):  # written by another engine version: choose afresh
            return None
        if (choice.k_max, choice.seed, choice.folds) != (k_max, seed, folds) or not 1 <= choice.k_best <= k_max:
            return None
        if not choice.votes <= votes < choice.votes * (1 + RECHOOSE_GROWTH):
            return None
        return choice


@dataclass(eq=False)
class MixtureGroups:
    """labels (n_clustered,) 0..k-1; resp (n_clustered, k); k used; iterations / converged of the final fit;
    k_choice (the held-out choice of k it rests on: :class:`KChoice`, whose figures are also read through this
    object: k_best, k_heldout, heldout, gain, null_gain, gain_se, structure, cv_converged); k_candidate /
    k_candidate_count (the smoothing of k)."""

    labels: np.ndarray
    resp: np.ndarray
    k: int
    iterations: int
    converged: bool
    n_sample: int
    k_choice: KChoice
    k_candidate: int | None = None
    k_candidate_count: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def k_best(self) -> int:
        """The held-out choice (1 if the null model found no structure), before the smoothing of k."""
        return self.k_choice.k_best

    @property
    def k_heldout(self) -> int:
        return self.k_choice.k_heldout

    @property
    def heldout(self) -> dict[int, float]:
        """{k: mean held-out log-likelihood per vote}."""
        return self.k_choice.heldout

    @property
    def gain(self) -> float:
        """Held-out gain of k_heldout over one group (null_gain: the same on the null data; gain_se its error)."""
        return self.k_choice.gain

    @property
    def null_gain(self) -> float:
        return self.k_choice.null_gain

    @property
    def gain_se(self) -> float:
        return self.k_choice.gain_se

    @property
    def structure(self) -> bool:
        return self.k_choice.structure

    @property
    def cv_converged(self) -> bool:
        """Whether every held-out fit of the choice converged."""
        return self.k_choice.converged


def choose_groups(
    vm: VoteMatrix,
    clustered: np.ndarray,
    pos: np.ndarray,
    *,
    seed: int = 0,
    max_groups: int = 6,
    previous: Mapping[str, Any] | None = None,
    previous_labels: np.ndarray | None = None,
    k_switch_after: int = 4,
    participant_keys: np.ndarray | None = None,
    statement_keys: np.ndarray | None = None,
) -> MixtureGroups:
    """Groups of the clustered participants (indices ``clustered`` into vm's rows; ``pos`` their map
    positions in every computed axis, used only to start EM). ``previous`` is an earlier analysis's state
    (``k``, ``k_candidate``, ``k_candidate_count``): k changes only after the same new k has won
    ``k_switch_after`` analyses in a row. ``previous_labels`` (n_clustered,) earlier group indices (-1 = none)
    start the final fit when the number of groups is unchanged (so groups stay where they were).

    ``participant_keys`` (n_clustered,) and ``statement_keys`` (n_statements,) are :func:`id_keys` of the ids
    (default: of the row and column indices). The participants are worked on in the order of their keys and
    every random draw comes from the keys, so the result does not depend on the order of vm's rows or columns.
    """
    n = clustered.size
    pk = _mix(np.asarray(clustered, dtype=np.uint64)) if participant_keys is None else participant_keys
    sk = _mix(np.arange(vm.shape[1], dtype=np.uint64)) if statement_keys is None else statement_keys
    pk = np.asarray(pk, dtype=np.uint64)
    sk = np.asarray(sk, dtype=np.uint64)
    order = np.argsort(pk, kind="stable")  # the canonical order: k-means starts no longer see row positions
    clustered, pos, pk = np.asarray(clustered)[order], pos[order], pk[order]
    if previous_labels is not None:
        previous_labels = np.asarray(previous_labels)[order]
    k_max = max(1, min(max_groups, n // MIN_GROUP))
    ks = list(range(1, k_max + 1))
    # k is chosen on at most SAMPLE participants (the smallest hashed keys); only the final fit sees everyone
    sample = np.sort(np.argsort(_mix(pk ^ _salt(seed, 2)), kind="stable")[:SAMPLE]) if n > SAMPLE else np.arange(n)
    Ys, ps, pks = vm.Y[clustered[sample]], pos[sample], pk[sample]
    folds = FOLDS if Ys.nnz < KFOLD_BELOW else 0
    votes = int(vm.n_votes[clustered].sum())
    choice = KChoice.kept(previous, votes=votes, k_max=k_max, seed=seed, folds=folds)
    fits: dict[int, Fit] = {}
    extra: dict[str, Any] = {}
    if choice is None:
        choice, fits, extra = _choose_k(Ys, ps, pks, sk, ks, seed, votes=votes, folds=folds)
    k_best = choice.k_best

    # --- smoothing of k (as Polis: a new k must win several analyses in a row)
    prev = previous or {}
    prev_k, cand, count = prev.get("k"), prev.get("k_candidate"), int(prev.get("k_candidate_count") or 0)
    usable = prev_k if isinstance(prev_k, int) and 1 <= prev_k <= k_max else None
    k, cand, count = smooth_k(k_best, usable, cand, count, k_switch_after)

    # --- the final fit on every clustered participant, on the whole vote matrix (the clustered rows are not
    # copied out; the products are split over the cores when the matrix is big), started from the held-out fit
    # with k groups (or from the previous analysis's groups when there were as many)
    rows = np.zeros(vm.Y.shape[0], dtype=bool)
    rows[clustered] = True
    parts = (getattr(vm, "_Y_parts", None), getattr(vm, "_Yt_parts", None))
    P = _Products(vm.Y, vm.Yt, rows, *parts)
    r0 = None
    if previous_labels is not None and (previous_labels >= 0).any():
        pl = np.asarray(previous_labels)
        uniq = np.unique(pl[pl >= 0])
        if uniq.size == k:
            rc = _onehot(np.searchsorted(uniq, np.maximum(pl, uniq[0])), k)
            rc[pl < 0] = 1.0 / k
            r0 = np.zeros((vm.Y.shape[0], k))
            r0[clustered] = rc
    if r0 is None and k in fits:
        r0 = _e_step(P, fits[k].theta, fits[k].weights)[0]
    if r0 is None:
        r0 = np.zeros((vm.Y.shape[0], k))
        r0[clustered] = _init(pos, np.ones(n), k, np.random.default_rng(seed + 7919 * k))
    fit = fit_mixture(vm.Y, vm.Yt, r0, rows=rows, Y_parts=parts[0], Yt_parts=parts[1])
    merged = 0
    while fit.resp.shape[1] > 1:
        # a group with fewer than MIN_GROUP members (possible when k came from the previous analysis, or when
        # everyone's votes move a held-out group): its members go to their next most likely group, and EM runs again
        sizes = np.bincount(np.argmax(fit.resp[clustered], axis=1), minlength=fit.resp.shape[1])
        if sizes.min() >= MIN_GROUP:
            break
        keep = np.delete(np.arange(sizes.size), int(np.argmin(sizes)))
        r = fit.resp[:, keep]
        r[rows] += 1e-12  # someone wholly in the dropped group: EM places them
        r /= np.maximum(r.sum(1, keepdims=True), 1e-300)
        iterations = fit.iterations
        fit = fit_mixture(vm.Y, vm.Yt, r, rows=rows, Y_parts=parts[0], Yt_parts=parts[1])
        fit.iterations += iterations
        merged += 1
    resp = fit.resp[clustered]
    k = resp.shape[1]
    labels = np.argmax(resp, axis=1)
    back = np.empty_like(order)  # from the canonical order back to the caller's
    back[order] = np.arange(n)
    return MixtureGroups(
        labels=labels[back],
        resp=resp[back],
        k=k,
        iterations=fit.iterations,
        converged=fit.converged,
        n_sample=int(Ys.shape[0]),
        k_choice=choice,
        k_candidate=cand,
        k_candidate_count=count,
        extra={**extra, "folds": folds, "merged_small_groups": merged},
    )


def _choose_k(
    Ys: Any, ps: np.ndarray, pks: np.ndarray, sk: np.ndarray, ks: list[int], seed: int, *, votes: int, folds: int
) -> tuple[KChoice, dict[int, Fit], dict[str, Any]]:
    """k by held-out likelihood on the sample's votes ``Ys`` (positions ``ps``, keys ``pks``), then the null
    model: the choice, the held-out fits (the final fit starts from them) and what ``extra`` reports."""
    kfold = folds > 0
    # SPLITS different hidden shares of the votes, each a function of the ids (split 0 is the first round's);
    # every k is judged on the mean over the splits, which is less at the mercy of one draw
    # On a small sample every vote is held out once (FOLDS folds of one draw), pooled as if one split: the mean
    # and the standard error are then over every vote, not a seventh of them.
    lls: list[dict[int, np.ndarray]] = []
    fits: dict[int, Fit] = {}
    starts = _Starts(ps, seed)  # the EM starts: the same for every split
    smallest = {k: int(Ys.shape[0]) for k in ks}  # the smallest group of each k's fits, over the splits
    cv_converged = True
    cells: list[np.ndarray] = []  # with folds: each hidden vote's cell, to line the draws up

    def rounds() -> Iterator[tuple[dict[int, np.ndarray], dict[int, Fit], np.ndarray, np.ndarray]]:
        if kfold:  # every fold of every draw fitted together
            draws = [(1 + 10 * draw, fold) for draw in range(FOLD_REPEATS) for fold in range(FOLDS)]
            yield from _heldout_folds(Ys, ks, pks, sk, seed, cast(list[tuple[int, int | None]], draws), starts)
        else:  # split after split, so that a clear first split can skip the others
            for s in range(max(1, SPLITS)):
                yield _heldout(Ys, ps, ks, pks, sk, seed, split=1 + 10 * s, starts=starts)

    for s, (ll_s, fits_s, hr, hc) in enumerate(rounds()):
        if kfold:
            cells.append(hr.astype(np.int64) * Ys.shape[1] + hc)
        lls.append(ll_s)
        fits = fits or fits_s  # the final fit starts from the first split's fits
        cv_converged = cv_converged and all(f.converged for f in fits_s.values())
        for k, f in fits_s.items():
            if k > 1:
                smallest[k] = min(smallest[k], _smallest_group(f))
        if not kfold and s + 1 < SPLITS and _clear(lls, ks, smallest, hr):
            break  # another split would not change the choice (decision 0016, fifth round)
    if kfold:  # each draw holds every vote out once: line the draws up by cell and average each vote's figure
        by_draw = []
        for d in range(FOLD_REPEATS):
            part = slice(d * FOLDS, (d + 1) * FOLDS)
            cell_order = np.argsort(np.concatenate(cells[part]), kind="stable")
            by_draw.append({k: np.concatenate([ll_s[k] for ll_s in lls[part]])[cell_order] for k in ks})
        lls = [{k: np.mean([b[k] for b in by_draw], axis=0) for k in ks}]
    per_split = [{k: float(v.mean()) if v.size else 0.0 for k, v in ll_s.items()} for ll_s in lls]
    mean = {k: float(np.mean([m[k] for m in per_split])) for k in ks}
    eligible = _eligible(ks, smallest)
    best = max(eligible, key=lambda k: (mean[k], -k))
    k_cv = best
    for k in eligible if ONE_SE_RULE else ():  # the fewest groups within one standard error of the best
        if k >= best:
            break
        if mean[best] - mean[k] <= _diff_se([ll_s[best] - ll_s[k] for ll_s in lls]):
            k_cv = k
            break
    gain = null_gain = gain_se = 0.0
    structure = False
    if k_cv > 1:
        gain = mean[k_cv] - mean[1]
        gain_se = _diff_se([ll_s[k_cv] - ll_s[1] for ll_s in lls])
        null = _permute_within_statements(Ys, pks, sk, _salt(seed, 3))
        null_diffs = []
        null_folds: list[int | None] = list(range(FOLDS)) if kfold else [None]
        for null_ll, null_fits, _, _ in _heldout_folds(
            null, [1, k_cv], pks, sk, seed, [(4, f) for f in null_folds], starts
        ):
            cv_converged = cv_converged and all(fit.converged for fit in null_fits.values())
            null_diffs.append(null_ll[k_cv] - null_ll[1])
        null_gain = float(np.concatenate(null_diffs).mean())
        structure = gain > max(null_gain, 0.0) + NULL_Z * gain_se
    k_best = k_cv if structure else 1
    choice = KChoice(
        votes=votes,
        k_max=ks[-1],
        seed=seed,
        folds=folds,
        splits=len(per_split),
        k_best=k_best,
        k_heldout=k_cv,
        heldout=mean,
        gain=gain,
        null_gain=null_gain,
        gain_se=gain_se,
        structure=structure,
        converged=cv_converged,
    )
    return choice, fits, {"heldout_splits": per_split, "smallest_group": smallest}
