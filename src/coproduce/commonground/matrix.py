"""One sparse matrix for every product the engine needs.

Each vote becomes a single 1.0 in a participants x (3 * statements) matrix ``Y``, at column
``3 * statement + c`` with c = 0 agree, 1 disagree, 2 pass. Any per-vote quantity that depends only on the
statement and the vote value is a table ``t`` of length 3 * n_statements, and sums over a participant's
votes are ``Y @ t`` (over a statement's voters: ``Y.T @ u``). So the centred matrix of the opinion map, the
"seen" mask and the values of the bridging model, and the per-group centres of the refinement all come from
``Y`` and its transpose, built once; passes stay explicit (they have their own column).
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import cast

import numpy as np
import scipy.sparse as sp

__all__ = ["VoteMatrix", "VALUE_OF", "PARALLEL_MIN_VOTES", "TRANSPOSED_MIN"]

#: Products of ``Y`` or ``Yt`` with at least this many stored votes are split by rows over up to ``_MAX_THREADS``
#: threads. SciPy releases the GIL inside its sparse kernels, and every row of a product is summed in the same
#: order as in one call, so the result is the same to the bit; with a free core the map's eigen solve takes
#: about half the time. Below this size the threads cost more than they save.
PARALLEL_MIN_VOTES = 400_000
_MAX_THREADS = 4
#: ``VoteMatrix.Yt_matmul`` goes through ``Y.T`` (one thread) when its argument has at least this many values.
TRANSPOSED_MIN = 200_000
_pool: ThreadPoolExecutor | None = None
_pool_pid = 0
_pool_lock = threading.Lock()


def _n_threads() -> int:
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        n = os.cpu_count() or 1
    return max(1, min(n, _MAX_THREADS))


def _executor(workers: int) -> ThreadPoolExecutor:
    """The shared pool, made again in a forked child (a pool's threads do not survive a fork, e.g. into a
    Celery worker, and work handed to it there would never run)."""
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="commonground")
            _pool_pid = os.getpid()
        return _pool


def _row_parts(A: sp.csr_matrix, n: int) -> list[tuple[int, int, sp.csr_matrix]]:
    """``A`` cut by rows into ``n`` CSR pieces with about as many stored entries each, sharing A's arrays."""
    cuts = np.searchsorted(A.indptr, np.linspace(0, A.nnz, n + 1)[1:-1]).tolist()
    bounds = sorted({0, A.shape[0], *[min(max(c, 0), A.shape[0]) for c in cuts]})
    parts = []
    for r0, r1 in zip(bounds[:-1], bounds[1:]):
        s, e = int(A.indptr[r0]), int(A.indptr[r1])
        piece = sp.csr_matrix(
            (A.data[s:e], A.indices[s:e], A.indptr[r0 : r1 + 1] - A.indptr[r0]), shape=(r1 - r0, A.shape[1])
        )
        parts.append((r0, r1, piece))
    return parts


def _matmul(A: sp.csr_matrix, parts: list[tuple[int, int, sp.csr_matrix]] | None, V: np.ndarray) -> np.ndarray:
    """A @ V, the row pieces of A (if any) multiplied in parallel into one output."""
    if parts is None or len(parts) < 2:
        return cast(np.ndarray, A @ V)
    out = np.empty((A.shape[0], *V.shape[1:]), dtype=np.result_type(A.dtype, V.dtype))

    def run(part: tuple[int, int, sp.csr_matrix]) -> None:
        r0, r1, piece = part
        out[r0:r1] = piece @ V

    futures = [_executor(len(parts) - 1).submit(run, part) for part in parts[1:]]
    run(parts[0])
    for f in futures:
        f.result()
    return out


#: Vote value of each of the three columns of a statement: agree, disagree, pass.
VALUE_OF = np.array([1.0, -1.0, 0.0])
# vote value + 1 -> column (-1 disagree, 0 pass, +1 agree)
_COLUMN = np.array([1, 2, 0], dtype=np.int64)


def _index_dtype(nnz: int) -> type:
    """int32 indices when they fit; indices and indptr must share one dtype or SciPy copies them on
    every product."""
    return np.int32 if nnz < np.iinfo(np.int32).max else np.int64


class VoteMatrix:
    """The one-hot vote matrix ``Y`` (n_participants, 3 n_statements), its transpose, and the centring.

    rows, cols, values : (n_votes,) votes sorted by row then column (+1 / -1 / 0).
    Attributes: ``Y``, ``Yt`` (CSR), ``counts`` (n_statements, 3) votes per statement and value,
    ``n_votes`` (n_participants,), ``mean`` (n_statements,) mean vote over voters (0 if none),
    ``centred`` (n_statements, 3) value - mean for each column: the entries of the centred matrix X.
    """

    def __init__(self, rows: np.ndarray, cols: np.ndarray, values: np.ndarray, n_participants: int, n_statements: int):
        self.shape = (n_participants, n_statements)
        idx_t = _index_dtype(values.size)
        # the column of each vote, 3 * statement + (0 agree, 1 disagree, 2 pass), made in the index dtype
        # directly (at 50 M votes, 64-bit temporaries and a final conversion took seconds)
        code = _COLUMN.astype(idx_t)[values.astype(np.int8) + np.int8(1)]
        code += cols.astype(idx_t) * idx_t(3)
        # rows are sorted: each row's first vote by binary search (a bincount read every vote)
        indptr: np.ndarray = np.searchsorted(rows, np.arange(n_participants + 1)).astype(idx_t)
        self.n_votes = np.diff(indptr).astype(np.intp)
        self.Y = sp.csr_matrix((np.ones(values.size), code, indptr), shape=(n_participants, 3 * n_statements))
        self.Yt = self.Y.T.tocsr()
        self._YT = self.Y.T  # the same arrays as Y, read by column (see Yt_matmul)
        threads = _n_threads() if values.size >= PARALLEL_MIN_VOTES else 1
        self._Y_parts = _row_parts(self.Y, threads) if threads > 1 else None
        self._Yt_parts = _row_parts(self.Yt, threads) if threads > 1 else None
        self.counts = np.diff(self.Yt.indptr).reshape(n_statements, 3).astype(np.int64)
        n = self.counts.sum(1)
        self.mean = np.divide(self.counts @ VALUE_OF, n, out=np.zeros(n_statements), where=n > 0)
        self.centred = VALUE_OF[None, :] - self.mean[:, None]

    # ---- Y and its transpose, split over the cores (each row summed as in one call: the same to the bit)
    def Y_matmul(self, V: np.ndarray) -> np.ndarray:
        """Y @ V for V (3 n_statements,) or (3 n_statements, m)."""
        return _matmul(self.Y, self._Y_parts, V)

    def Yt_matmul(self, U: np.ndarray) -> np.ndarray:
        """Y.T @ U for U (n_participants,) or (n_participants, m).

        With many participants (``U`` larger than ``TRANSPOSED_MIN`` values) this goes through ``Y.T``, Y
        read as a column-major matrix: U is then read in order and added into the small result, where ``Yt``
        would fetch U's rows at random (3 to 5 times the CPU time at 1 M participants, more than the threads
        win back). Every result row adds its participants in increasing order either way, so the result is
        the same to the bit."""
        if U.size >= TRANSPOSED_MIN:
            return cast(np.ndarray, self._YT @ U)
        return _matmul(self.Yt, self._Yt_parts, U)

    # ---- the centred matrix X (n_participants, n_statements) without forming it
    def X_matmul(self, V: np.ndarray) -> np.ndarray:
        """X @ V for V (n_statements,) or (n_statements, m)."""
        if V.ndim == 1:
            return _matmul(self.Y, self._Y_parts, (self.centred * V[:, None]).ravel())
        m = V.shape[1]
        return _matmul(self.Y, self._Y_parts, (self.centred[:, :, None] * V[:, None, :]).reshape(-1, m))

    def Xt_matmul(self, U: np.ndarray) -> np.ndarray:
        """X.T @ U for U (n_participants,) or (n_participants, m)."""
        W = self.Yt_matmul(U)
        if U.ndim == 1:
            return cast(np.ndarray, (W.reshape(-1, 3) * self.centred).sum(1))
        return cast(np.ndarray, (W.reshape(-1, 3, U.shape[1]) * self.centred[:, :, None]).sum(1))

    def sum_of_squares(self) -> float:
        """Sum of the squared entries of X (its total variance times n_participants)."""
        return float((self.counts * self.centred**2).sum())

    def X(self) -> sp.csr_matrix:
        """X as an explicit CSR matrix (only for small problems)."""
        Y = self.Y
        col = Y.indices // 3
        data = self.centred.ravel()[Y.indices]
        return sp.csr_matrix((data, col, Y.indptr), shape=self.shape)
