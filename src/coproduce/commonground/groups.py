"""Opinion groups on the 2-D map, Polis style, with warm starts and stable labels.

1. *Base clusters*: up to 100 k-means clusters of the clustered participants' positions (a compression).
2. *Groups*: weighted k-means of the base centres for k = 2 ... min(max_groups, 2 + n_base // 12); the k with
   the best silhouette wins, but the group count only changes after the same new k has won
   ``K_SWITCH_AFTER`` analyses in a row (so the map does not flicker between 2 and 3 groups). The silhouette
   may weight each participant (``analyse`` weights them by their number of votes, see
   :func:`cluster_positions`); the groups themselves are found exactly as Polis does.
3. *Labels* are matched to the previous analysis's groups by the Hungarian method on member overlap.

All k-means here is a small weighted Lloyd iteration written for 2-D points: deterministic given the seed
and the start centres, and much faster than a general-purpose implementation for 100 centres in 2-D.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np

from .matrix import VoteMatrix

__all__ = ["Clustering", "cluster_positions", "match_labels", "refine_by_kmeans", "weighted_silhouette"]

MAX_BASE_CLUSTERS = 100
K_SWITCH_AFTER = 4
#: Lloyd iterations on at most this many points; the rest are assigned to the nearest centre at the end.
_BASE_SAMPLE = 3000
_GROUP_INITS = 4


@dataclass
class Clustering:
    """Groups of the clustered participants.

    base_labels : (n,) base cluster of each clustered participant.
    base_centres : (n_base, 2); base_weights : (n_base,) members per base cluster.
    base_group : (n_base,) group index (0 .. k-1, before label matching) of each base cluster.
    group_centres : (k, 2) weighted centre of each group.
    k : groups used; k_best : the k with the best silhouette this time; silhouettes : {k: value}.
    k_candidate, k_candidate_count : the smoothing state (a new k that keeps winning).
    """

    base_labels: np.ndarray
    base_centres: np.ndarray
    base_weights: np.ndarray
    base_group: np.ndarray
    group_centres: np.ndarray
    k: int
    k_best: int
    silhouettes: dict[int, float] = field(default_factory=dict)
    k_candidate: int | None = None
    k_candidate_count: int = 0

    @property
    def labels(self) -> np.ndarray:
        """(n,) group index of each clustered participant."""
        return self.base_group[self.base_labels] if self.base_labels.size else self.base_labels


def _kmeans_plusplus(X: np.ndarray, k: int, rng: np.random.Generator, w: np.ndarray | None = None) -> np.ndarray:
    """k start centres by greedy k-means++ (Arthur & Vassilvitskii; the variant scikit-learn uses): the first
    drawn with probability proportional to the weight, each next one the best of 2 + log(k) candidates drawn
    proportional to weight x squared distance to the nearest centre so far. A few lines of NumPy instead of
    scikit-learn's, whose argument checks cost more than the work on 100 points (and whose import is most of
    the engine's start-up time)."""
    n = X.shape[0]
    w = np.ones(n) if w is None else np.asarray(w, float)
    trials = 2 + int(np.log(k))
    C = np.empty((k, X.shape[1]))
    first = int(rng.choice(n, p=w / w.sum()))
    C[0] = X[first]
    closest = ((X - X[first]) ** 2).sum(1)
    for c in range(1, k):
        pot = w * closest
        total = pot.sum()
        if total <= 0:  # every point already is a centre
            C[c:] = X[rng.choice(n, k - c)]
            break
        cand = np.searchsorted(np.cumsum(pot), rng.random(trials) * total)
        cand = np.minimum(cand, n - 1)
        d = ((X[None, :, :] - X[cand][:, None, :]) ** 2).sum(-1)  # (trials, n)
        np.minimum(d, closest[None, :], out=d)
        best = int(np.argmin(d @ w))
        C[c] = X[cand[best]]
        closest = d[best]
    return C


def _assign(X: np.ndarray, C: np.ndarray) -> np.ndarray:
    """Nearest centre of each point (squared Euclidean), via ||c||^2 - 2 x.c (the ||x||^2 term is common)."""
    d = X @ (-2.0 * C.T)
    d += np.einsum("ij,ij->i", C, C)
    return cast(np.ndarray, np.argmin(d, axis=1))


def _lloyd(X: np.ndarray, w: np.ndarray, C: np.ndarray, max_iter: int) -> tuple[np.ndarray, np.ndarray]:
    """Weighted Lloyd iterations from centres C; empty clusters are dropped. Returns (centres, labels)."""
    labels = _assign(X, C)
    for _ in range(max_iter):
        wsum = np.bincount(labels, weights=w, minlength=len(C))
        keep = wsum > 0
        # every (centre, axis) sum in one bincount: bin centre * d + axis, each bin summed over the points in
        # their order, as a bincount per axis would (the same to the bit, in one call instead of d)
        d = X.shape[1]
        flat = np.bincount(
            (labels[:, None] * d + np.arange(d)).ravel(), weights=(w[:, None] * X).ravel(), minlength=len(C) * d
        )
        sums = flat.reshape(len(C), d)
        C = sums[keep] / wsum[keep, None]
        new = _assign(X, C)
        if np.array_equal(new, labels) and keep.all():
            break
        labels = new
    wsum = np.bincount(labels, weights=w, minlength=len(C))
    keep = wsum > 0
    if not keep.all():  # relabel compactly
        remap = np.cumsum(keep) - 1
        C, labels = C[keep], remap[labels]
    return C, labels


def _lloyd_starts(
    X: np.ndarray, w: np.ndarray, starts: list[np.ndarray], max_iter: int, sizes: np.ndarray | None = None
) -> list[tuple[np.ndarray, np.ndarray] | None]:
    """:func:`_lloyd` from each of several starts (k centres each), all in the same array operations: each
    start's (centres, labels) as _lloyd returns them, to the bit, or None for a start that loses a centre (where
    _lloyd would return fewer than k). Each centre's sums run over its own points in their order (one bincount,
    a bin per start, centre and axis), each start's distances in a product of its own; a start leaves the
    operations when its labels stop changing. The best of several k-means++ starts on a few dozen points ran
    Lloyd's steps one start at a time, where calling NumPy cost more than the work.

    X (n, d) and w (n,) are every start's points; or, with ``sizes`` (S,), X (S, n, d) and w (S, n) are each
    start's own points, start s's first ``sizes[s]`` rows (the rest padding, weight 0, never counted: its sums gain
    only zeros, its labels are not compared, and the labels returned are the first sizes[s])."""
    C = np.stack([np.asarray(c, float) for c in starts])  # (S, k, d)
    S, k = C.shape[0], C.shape[1]
    if sizes is None:
        X, w = np.broadcast_to(X, (S, *X.shape)), np.broadcast_to(w, (S, w.size))
        sizes = np.full(S, X.shape[1])
    n, d = X.shape[1], X.shape[2]
    counted = np.arange(n) < np.asarray(sizes)[:, None]  # (S, n): the start's own points
    wX = w[:, :, None] * X
    out: list[tuple[np.ndarray, np.ndarray] | None] = [None] * S
    at = np.arange(S)  # the starts still running
    labels = _assign_many(X, C)
    for _ in range(max_iter):
        m = at.size
        bins = labels + (np.arange(m) * k)[:, None]  # (m, n): start, centre
        wsum = np.bincount(bins.ravel(), weights=w[at].ravel(), minlength=m * k).reshape(m, k)
        flat = np.bincount((bins[:, :, None] * d + np.arange(d)).ravel(), weights=wX[at].ravel(), minlength=m * k * d)
        whole = (wsum > 0).all(1)  # a start that lost a centre is out (None)
        C = flat.reshape(m, k, d)[whole] / wsum[whole][:, :, None]
        at, labels = at[whole], labels[whole]
        new = _assign_many(X[at], C)
        same = ((new == labels) | ~counted[at]).all(1)
        for i in np.flatnonzero(same):
            out[at[i]] = (C[i], labels[i, : sizes[at[i]]])
        at, C, labels = at[~same], C[~same], new[~same]
        if not at.size:
            return out
    for r in range(at.size):  # max_iter steps run: the last centres and labels, if no centre is empty
        if np.bincount(labels[r], weights=w[at[r]], minlength=k).min() > 0:
            out[at[r]] = (C[r], labels[r, : sizes[at[r]]])
    return out


def _assign_many(X: np.ndarray, C: np.ndarray) -> np.ndarray:
    """:func:`_assign` for each start's centres C (S, k, d), on X (n, d) or each start's own X (S, n, d):
    labels (S, n)."""
    dist = np.matmul(X, -2.0 * C.transpose(0, 2, 1))
    dist += np.einsum("sij,sij->si", C, C)[:, None, :]
    return cast(np.ndarray, np.argmin(dist, axis=2))


def _inertia(X: np.ndarray, w: np.ndarray, C: np.ndarray, labels: np.ndarray) -> float:
    diff = X - C[labels]
    return float(w @ np.einsum("ij,ij->i", diff, diff))


def weighted_silhouette(X: np.ndarray, w: np.ndarray, labels: np.ndarray) -> float:
    """Silhouette of points X (n, d) that each stand for w (n,) coincident members.

    Exactly the silhouette of the expanded data set in which point i is repeated w_i times: a member's
    distance to its own cluster averages over the other members (its w_i - 1 copies are at distance 0).
    """
    k = int(labels.max()) + 1 if labels.size else 0
    if k < 2 or X.shape[0] < 2:
        return float("nan")
    D = np.sqrt(np.maximum(((X[:, None, :] - X[None, :, :]) ** 2).sum(-1), 0.0))  # (n, n), n <= 100
    onehot = np.zeros((X.shape[0], k))
    onehot[np.arange(X.shape[0]), labels] = w
    sums = D @ onehot  # (n, k) weighted distance from each point to each cluster
    size = onehot.sum(0)
    own = size[labels]
    with np.errstate(invalid="ignore", divide="ignore"):
        a = sums[np.arange(X.shape[0]), labels] / (own - 1.0)
        mean_to = sums / size
    mean_to[np.arange(X.shape[0]), labels] = np.inf
    b = mean_to.min(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = (b - a) / np.maximum(a, b)
    s[(own <= 1) | ~np.isfinite(s)] = 0.0  # a cluster of one member has silhouette 0 by convention
    return float(w @ s / w.sum())


def _kmeans_best(
    X: np.ndarray, w: np.ndarray, k: int, rng: np.random.Generator, init: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted k-means of a few points: warm start if given, else the best of several k-means++ starts."""
    if init is not None and len(init) == k:
        C, lab = _lloyd(X, w, np.asarray(init, float), 100)
        if len(C) == k:
            return C, lab
    return kmeans_best_many([X], [w], k, [rng])[0]


def kmeans_best_many(
    Xs: list[np.ndarray], ws: list[np.ndarray], k: int, rngs: list[np.random.Generator]
) -> list[tuple[np.ndarray, np.ndarray]]:
    """``[_kmeans_best(X, w, k, rng) for X, w, rng in zip(Xs, ws, rngs)]`` (no warm start), to the bit, with every
    set's Lloyd steps in the same array operations (each set's points padded to the largest): choosing k on a small
    conversation splits each group of each fold's fit in two (mixture._Starts), hundreds of k-means of a few dozen
    points, where calling NumPy cost more than the work."""
    starts, owner = [], []
    for b, (X, w, rng) in enumerate(zip(Xs, ws, rngs)):
        for _ in range(_GROUP_INITS):  # Lloyd draws nothing: the same draws as one set at a time
            starts.append(_kmeans_plusplus(X, k, rng, w))
            owner.append(b)
    sizes = np.array([X.shape[0] for X in Xs])[owner]
    n, d = int(sizes.max()), Xs[0].shape[1]
    Xp, wp = np.zeros((len(starts), n, d)), np.zeros((len(starts), n))
    for s, b in enumerate(owner):
        Xp[s, : sizes[s]], wp[s, : sizes[s]] = Xs[b], ws[b]
    fits = _lloyd_starts(Xp, wp, starts, 100, sizes)
    out = []
    for b, (X, w) in enumerate(zip(Xs, ws)):
        best = None
        for s in range(b * _GROUP_INITS, (b + 1) * _GROUP_INITS):
            fit = fits[s]
            if fit is None:
                continue
            C, lab = fit
            inertia = _inertia(X, w, C, lab)
            if best is None or inertia < best[0] - 1e-12:
                best = (inertia, C, lab)
        out.append(_lloyd(X, w, X[:k].copy(), 100) if best is None else (best[1], best[2]))
    return out


def cluster_positions(
    xy: np.ndarray,
    *,
    seed: int = 0,
    max_groups: int = 5,
    previous: Mapping[str, Any] | None = None,
    silhouette_weights: np.ndarray | None = None,
) -> Clustering:
    """Group the (n, d) positions of the clustered participants.

    ``silhouette_weights`` (n,), if given, is how much each participant counts in the silhouette that
    chooses k (the silhouette of the data set in which participant i is repeated w_i times); the base
    clusters and the groups for each k do not depend on it. ``analyse`` passes each participant's number of
    votes: the position of someone who voted on a handful of statements is mostly projection noise, and with
    several axes and thousands of statements such participants form a diffuse cloud that an unweighted
    silhouette rewards cutting into extra groups (the 10 M-vote benchmark: 5 groups for 3 planted).

    ``previous`` is the ``state`` of an earlier analysis (keys ``base_centres``, ``group_centres``, ``k``,
    ``k_candidate``, ``k_candidate_count``), used for warm starts and the smoothing of k.
    """
    rng = np.random.default_rng(seed)
    n = xy.shape[0]
    previous = previous or {}
    if n == 0:
        e = np.zeros(0, dtype=np.intp)
        return Clustering(e, np.zeros((0, 2)), np.zeros(0), e, np.zeros((0, 2)), 0, 0)

    # --- base clusters
    distinct = np.unique(np.round(xy, 9), axis=0).shape[0]
    n_base = min(MAX_BASE_CLUSTERS, distinct)
    prev_base = previous.get("base_centres")
    if prev_base is not None and len(prev_base) == n_base:
        C0 = np.asarray(prev_base, float)
    else:
        sample = xy if n <= _BASE_SAMPLE else xy[np.sort(rng.choice(n, _BASE_SAMPLE, replace=False))]
        uniq = np.unique(np.round(sample, 9), axis=0)
        C0 = _kmeans_plusplus(uniq, min(n_base, uniq.shape[0]), rng)
    if n <= _BASE_SAMPLE:
        base_C, base_lab = _lloyd(xy, np.ones(n), C0, 30)
    else:
        idx = np.sort(rng.choice(n, _BASE_SAMPLE, replace=False))
        base_C, _ = _lloyd(xy[idx], np.ones(idx.size), C0, 20)
        base_C, base_lab = _lloyd(xy, np.ones(n), base_C, 1)  # every point to its nearest centre, recentre
    base_w = np.bincount(base_lab, minlength=len(base_C)).astype(float)
    if silhouette_weights is None:
        sil_w = base_w
    else:
        sil_w = np.bincount(base_lab, weights=np.asarray(silhouette_weights, float), minlength=len(base_C))
    nb = len(base_C)

    # --- groups over base centres
    k_max = min(max_groups, 2 + nb // 12, nb - 1)
    sil: dict[int, float] = {}
    sols: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    prev_k = previous.get("k")
    prev_centres = previous.get("group_centres")
    for k in range(2, k_max + 1):
        init = prev_centres if (prev_centres is not None and prev_k == k) else None
        C, lab = _kmeans_best(base_C, base_w, k, rng, init)
        sols[k] = (C, lab)
        sil[k] = weighted_silhouette(base_C, sil_w, lab)
    if not sols:  # one or two distinct positions: as many groups as base clusters
        k = nb
        return Clustering(base_lab, base_C, base_w, np.arange(nb), base_C.copy(), k, k, sil)
    k_best = max(sil, key=lambda kk: (sil[kk], -kk))

    # --- smoothing of k
    cand, count = previous.get("k_candidate"), int(previous.get("k_candidate_count") or 0)
    k, cand, count = smooth_k(k_best, prev_k if prev_k in sols else None, cand, count, K_SWITCH_AFTER)
    C, lab = sols[k]
    return Clustering(base_lab, base_C, base_w, lab, C, k, k_best, sil, cand, count)


def smooth_k(k_best: int, prev_k: int | None, cand: Any, count: int, switch_after: int) -> tuple[int, int | None, int]:
    """The number of groups to show: (k, candidate, count). The previous analysis's k stays until another k has been
    the best `switch_after` analyses running, so the groups do not flicker with each new vote. `prev_k` is None when
    there was no usable previous k."""
    if prev_k is None:
        return k_best, None, 0
    if k_best == prev_k:
        return prev_k, None, 0
    count = count + 1 if cand == k_best else 1
    if count >= switch_after:
        return k_best, None, 0
    return prev_k, k_best, count


def match_labels(new: np.ndarray, old: np.ndarray, n_new: int, reserved: set[int] | None = None) -> np.ndarray:
    """Map new group indices 0..n_new-1 to labels that keep the previous analysis's numbering.

    ``new`` and ``old`` are per-participant group indices / labels (-1 = none) for the same participants.
    New groups matched (Hungarian method, maximum member overlap) to an old group take its label; the others
    take the smallest labels not used by a matched group. Returns (n_new,) labels.
    """
    both = (new >= 0) & (old >= 0)
    out = np.full(n_new, -1, dtype=np.int64)
    if both.any():
        old_labels = np.unique(old[both])
        oi = np.searchsorted(old_labels, old[both])
        overlap = np.zeros((n_new, old_labels.size))
        np.add.at(overlap, (new[both], oi), 1.0)
        from scipy.optimize import linear_sum_assignment  # here: importing scipy.optimize costs ~0.3 s

        r, c = linear_sum_assignment(-overlap)
        for i, j in zip(r, c):
            if overlap[i, j] > 0:
                out[i] = int(old_labels[j])
    used = set(out[out >= 0].tolist()) | (reserved or set())
    nxt = 0
    for i in range(n_new):
        if out[i] < 0:
            while nxt in used:
                nxt += 1
            out[i] = nxt
            used.add(nxt)
    return out


def refine_by_kmeans(
    vm: VoteMatrix, labels: np.ndarray, k: int, *, max_iter: int = 10, prior: float = 1.0, tol: float = 0.01
) -> tuple[np.ndarray, int]:
    """Missing-aware k-means in the full centred vote space (every principal axis, not just the map's).

    A participant is compared with a group centre only on the statements they voted on:
    d(i, g) = sum over i's votes of (x_is - c_gs)^2, and a centre averages, per statement, the members who
    voted on it (shrunk towards 0 = the statement mean by ``prior`` pseudo-votes). This is the k-means
    counterpart of Polis's sparsity-aware projection. Because x_is only takes three values per statement,
    d for every participant and group is one sparse product ``Y @ T`` with T (3 n_statements, k).

    vm : :class:`~coproduce.commonground.matrix.VoteMatrix`. labels : (n_participants,) start groups
    0..k-1, -1 for participants not clustered (they neither move nor count). Stops when fewer than ``tol``
    of the clustered participants move. Returns (labels, iterations run). A step that would empty a group
    is not taken.
    """
    members = labels >= 0
    n = int(members.sum())
    if k < 2 or n == 0:
        return labels, 0
    labels = labels.copy()
    cv = vm.centred  # (n_s, 3)
    it = 0
    for it in range(1, max_iter + 1):
        onehot = np.zeros((labels.size, k))
        onehot[np.flatnonzero(members), labels[members]] = 1.0
        cnt = np.asarray(vm.Yt @ onehot).reshape(-1, 3, k)  # (n_s, 3, k) members' votes per value
        C = (cnt * cv[:, :, None]).sum(1) / (cnt.sum(1) + prior)  # (n_s, k) group centres
        T = (cv[:, :, None] - C[:, None, :]) ** 2  # (n_s, 3, k)
        d = np.asarray(vm.Y @ T.reshape(-1, k))
        new = np.where(members, np.argmin(d, axis=1), -1)
        moved = int((new != labels).sum())
        if moved == 0 or np.bincount(new[members], minlength=k).min() == 0:
            break
        labels = new
        if moved < tol * n:
            break
    return labels, it
