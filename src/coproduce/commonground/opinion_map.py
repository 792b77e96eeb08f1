"""The Polis-compatible opinion map: two principal components of the mean-filled, centred vote matrix.

Filling each missing vote with its statement's mean and then centring the columns turns every missing cell
into exactly 0, so the centred matrix has the same sparsity as the votes (passes stay stored entries with
value ``0 - mean``). The top principal axes are the top eigenvectors of the statements x statements Gram
matrix ``X^T X``, found by the Lanczos method (ARPACK) using only sparse products: nothing participants x statements
is ever made dense.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .matrix import VoteMatrix

__all__ = ["OpinionMap", "opinion_map", "ZERO_VARIANCE"]

#: Below this many statements (or participants) the Gram matrix is formed explicitly and solved densely.
_DENSE_LIMIT = 24
#: Variance (or an eigenvalue) at or below this, relative to the total, counts as none: everyone voted alike.
ZERO_VARIANCE = 1e-12


@dataclass(eq=False)
class OpinionMap:
    """Result of :func:`opinion_map`.

    components : (n_components, n_statements) unit principal axes over statements (0 for statements not in
        the map); the first two draw the map, all of them are used to find groups.
    eigenvalues : (n_components,) variance along each axis times n_participants (eigenvalues of X^T X).
    total_variance : float, trace of X^T X (so eigenvalues / total_variance = share explained).
    participant_xy : (n_participants, n_components) position of each participant (x, y first).
    statement_xy : (n_statements, n_components) position of each statement (a participant who agreed with it only).
    column_mean : (n_statements,) mean vote on each statement over those who voted (0 if none).
    iterations : products with X^T X of the Lanczos solve (sweeps of the subspace iteration when it fell back to
        that; 0 when solved densely).
    """

    components: np.ndarray
    eigenvalues: np.ndarray
    total_variance: float
    participant_xy: np.ndarray
    statement_xy: np.ndarray
    column_mean: np.ndarray
    iterations: int = 0
    #: whether the eigen solve met its tolerance on every computed axis (always true when solved densely)
    converged: bool = True


def opinion_map(
    vm: VoteMatrix,
    n_in_map: int,
    *,
    previous_components: np.ndarray | None = None,
    seed: int = 0,
    n_components: int = 2,
) -> OpinionMap:
    """Principal-component map of the centred vote matrix.

    Parameters
    ----------
    vm : the votes on statements in the map (see :class:`~coproduce.commonground.matrix.VoteMatrix`); its
        centred matrix X (n_participants, n_statements) is vote - statement mean at voted cells, 0 elsewhere.
    n_in_map : number of statements in the map (the ``n_statements`` of Polis's projection scaling).
    previous_components : (n, n_statements) axes of an earlier map on the same statements (NaN where
        unknown): used as the start of the iteration and to orient the axes the same way, so the map does not flip.
    seed : start vector of the eigen solve when there is no previous map.
    n_components : axes computed (at least 2).
    """
    n_p, n_s = vm.shape
    nc = max(2, n_components)
    comps = np.zeros((nc, n_s))
    eig = np.zeros(nc)
    iterations = 0
    converged = True
    total = vm.sum_of_squares()
    if total > ZERO_VARIANCE and n_s >= 1 and n_p >= 1:
        if n_s <= _DENSE_LIMIT or n_p <= _DENSE_LIMIT:
            X = vm.X()
            if n_s <= _DENSE_LIMIT:
                w, vecs = np.linalg.eigh((X.T @ X).toarray())
                v = vecs.T
            else:  # few participants: eigenvectors of X^T X from the small X X^T
                w, u = np.linalg.eigh((X @ X.T).toarray())
                v = np.asarray(X.T @ u).T  # rows: unnormalised right singular vectors
                norms = np.linalg.norm(v, axis=1)
                keep = norms > 1e-12
                w, v = w[keep], v[keep] / norms[keep, None]
            order = np.argsort(w)[::-1][:nc]
            eig[: order.size] = np.maximum(w[order], 0.0)
            comps[: order.size] = v[order]
        else:
            w, v, iterations, converged = _top_eigen_lanczos(vm, nc, previous_components, seed)
            eig[:] = np.maximum(w, 0.0)
            comps[:] = v
        comps[eig <= ZERO_VARIANCE * max(total, 1.0)] = 0.0
        _orient(comps, previous_components)

    scale = np.sqrt(n_in_map / np.maximum(vm.n_votes, 1))
    pxy = np.asarray(vm.X_matmul(comps.T)) * scale[:, None]  # (n_p, nc): the first two are the map
    # A statement is drawn where a participant who agreed with it alone would be.
    sxy = ((1.0 - vm.mean)[:, None] * comps.T) * np.sqrt(n_in_map)
    return OpinionMap(comps, eig, total, pxy, sxy, vm.mean, iterations, converged)


#: Relative accuracy of every computed eigenpair in the Lanczos solve (ARPACK's ``tol``).
LANCZOS_TOL = 1e-10


def _top_eigen_lanczos(
    vm: VoteMatrix, nc: int, previous: np.ndarray | None, seed: int
) -> tuple[np.ndarray, np.ndarray, int, bool]:
    """Top ``nc`` eigenpairs of X^T X by the implicitly restarted Lanczos method (ARPACK, through SciPy's
    ``eigsh``), X^T X applied to one vector at a time with two sparse products, never formed.

    Every axis is solved to ``LANCZOS_TOL``, the extra ones too: their eigenvalues sit among near-equal noise
    eigenvalues, where the block subspace iteration (:func:`_top_eigen`) needed 65 sweeps of 9 vectors at
    2 M votes and still stopped a couple of degrees short on the fifth axis; Lanczos solves all five exactly
    with about 80 products of one vector, a third of the work. Starts from a random vector drawn from the seed,
    or from the previous map's axes when given (a warm start). Returns (eigenvalues, axes, products with
    X^T X, converged); falls back to the subspace iteration if ARPACK does not converge.
    """
    import scipy.sparse.linalg as sla  # here: only this solve needs it

    n_s = vm.shape[1]
    if nc >= n_s - 1:  # ARPACK needs fewer eigenpairs than the size less one
        return _top_eigen(vm, nc, previous, seed)
    v0 = np.random.default_rng(seed).standard_normal(n_s)
    if previous is not None:
        prev = np.nan_to_num(previous[: min(nc, previous.shape[0])])
        if np.any(prev):
            # A vector in the previous axes' span (each axis weighted differently so none cancels), nudged.
            v0 = (np.arange(prev.shape[0], 0, -1, dtype=float) @ prev) + 1e-6 * np.linalg.norm(prev) * v0
    products = 0

    def apply(x: np.ndarray) -> np.ndarray:
        nonlocal products
        products += 1
        return vm.Xt_matmul(vm.X_matmul(np.asarray(x, dtype=float).ravel()))

    op = sla.LinearOperator((n_s, n_s), matvec=apply, dtype=np.float64)
    try:
        w, V = sla.eigsh(op, k=nc, which="LA", v0=v0, tol=LANCZOS_TOL)
    except sla.ArpackNoConvergence:
        return _top_eigen(vm, nc, previous, seed)
    order = np.argsort(w)[::-1]
    return w[order], V[:, order].T, products, True


def _top_eigen(
    vm: VoteMatrix,
    nc: int,
    previous: np.ndarray | None,
    seed: int,
    max_iter: int = 500,
    rtol: float = 1e-10,
    rtol_extra: float = 1e-6,
) -> tuple[np.ndarray, np.ndarray, int, bool]:
    """Top ``nc`` eigenpairs of X^T X by block subspace iteration with Rayleigh-Ritz.

    A block of ``nc + 4`` vectors is multiplied by X^T X (two sparse x dense products per sweep, whatever
    the block size, so a block costs little more than one vector) and re-orthonormalised; the Ritz values
    come free from Q^T (X^T X Q). Stops when the map's two Ritz values change by less than ``rtol`` and every
    other axis used by less than ``rtol_extra`` (relative to the largest), or after ``max_iter`` sweeps;
    returns whether it converged. (The extra axes only start the groups' model; near-equal noise eigenvalues
    make a 1e-10 tolerance on them cost hundreds of sweeps at 2 M votes.)
    Starts from the previous map's axes when given (a warm start: a few sweeps suffice).
    """
    n_s = vm.shape[1]
    b = min(n_s, nc + 4)
    rng = np.random.default_rng(seed)
    Q = rng.standard_normal((n_s, b))
    if previous is not None:
        prev = np.nan_to_num(previous[: min(nc, previous.shape[0])]).T
        Q[:, : prev.shape[1]] = prev + 1e-6 * Q[:, : prev.shape[1]]
    Q, _ = np.linalg.qr(Q)
    last = None
    it = 0
    converged = False
    for it in range(1, max_iter + 1):
        Z = vm.Xt_matmul(vm.X_matmul(Q))  # (n_s, b)
        H = Q.T @ Z
        w, U = np.linalg.eigh((H + H.T) / 2.0)
        order = np.argsort(w)[::-1]
        w, U = w[order], U[:, order]
        Q, _ = np.linalg.qr(Z @ U)  # the next block, sorted by Ritz value
        top = w[:nc]
        if last is not None:
            change = np.abs(top - last) / max(abs(top[0]), 1e-300)
            if np.all(change[:2] <= rtol) and np.all(change[2:] <= rtol_extra):
                converged = True
                break
        last = top
    # Rayleigh-Ritz on the final block
    Z = vm.Xt_matmul(vm.X_matmul(Q))
    H = Q.T @ Z
    w, U = np.linalg.eigh((H + H.T) / 2.0)
    order = np.argsort(w)[::-1][:nc]
    return w[order], (Q @ U[:, order]).T, it, converged


def _orient(comps: np.ndarray, previous: np.ndarray | None) -> None:
    """Fix each axis's sign: agree with the previous map if there is one, else largest loading positive."""
    for i in range(comps.shape[0]):
        c = comps[i]
        if not np.any(c):
            continue
        if previous is not None and i < previous.shape[0]:
            d = float(np.nan_to_num(previous[i]) @ c)
            if abs(d) > 1e-9:
                if d < 0:
                    comps[i] = -c
                continue
        j = int(np.argmax(np.abs(c)))
        if c[j] < 0:
            comps[i] = -c
