"""The vote matrix: who voted what on which statement, latest vote wins.

Sign convention everywhere in the engine: **+1 = agree, -1 = disagree, 0 = pass** (the convention of Polis's
CSV exports; Polis's own database and maths use the opposite sign).

Participants and statements are kept in a canonical order (sorted by id when the ids can be sorted, else in
order of first appearance), so the result never depends on the order the events or id lists came in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import numpy as np

if TYPE_CHECKING:
    import scipy.sparse as sp

__all__ = ["Votes"]

AGREE, DISAGREE, PASS = 1, -1, 0


def _as_id_array(ids: Any, what: str) -> np.ndarray:
    """Ids as a 1-D NumPy array that keeps each id as given (no silent int -> str coercion)."""
    if isinstance(ids, np.ndarray):
        arr = ids
    else:
        ids = ids if isinstance(ids, Sequence) else list(ids)
        arr = np.asarray(ids)
        if arr.dtype.kind in "US" and not all(type(x) is str for x in ids):
            # NumPy would turn [1, "a"] into ["1", "a"]; keep the ids as they were given.
            arr = np.empty(len(ids), dtype=object)
            arr[:] = list(ids)
        elif arr.dtype.kind == "U":
            arr = arr.astype(object)  # Python str objects: cheap to hand back, JSON-friendly
    if arr.ndim != 1:
        raise ValueError(f"{what} ids must be a flat sequence, got shape {arr.shape}")
    if arr.dtype.kind == "f":
        if arr.size and not np.all(np.isfinite(arr) & (arr == np.round(arr))):
            bad = int(np.flatnonzero(~(np.isfinite(arr) & (arr == np.round(arr))))[0])
            raise ValueError(f"{what} id {arr[bad]!r} (at position {bad}) is not an integer or a string")
        arr = arr.astype(np.int64)
    return arr


def _sortable(arr: np.ndarray) -> bool:
    if arr.dtype != object:
        return True
    kinds = {type(x) for x in arr.tolist()}
    return len(kinds) <= 1 or kinds <= {int, np.int64, np.int32}


def _index(event_ids: np.ndarray, full: np.ndarray | None, what: str) -> tuple[np.ndarray, np.ndarray]:
    """Return (unique ids in canonical order, index of each event's id in it)."""
    if full is not None:
        uniq = _unique(full)
        if uniq.size != full.size:
            seen: set[Any] = set()
            for x in full.tolist():
                if x in seen:
                    raise ValueError(f"{what} id {x!r} is listed twice")
                seen.add(x)
        return uniq, _lookup(uniq, event_ids, what)
    uniq = _unique(event_ids)
    if (
        uniq.dtype.kind in "iu"
        and event_ids.dtype.kind in "iu"
        and uniq.size
        and uniq[0] == 0
        and uniq[-1] == uniq.size - 1
    ):
        # The ids are exactly 0 .. n - 1 (as in Polis exports and the synthetic data): each is its own position.
        return uniq, event_ids if event_ids.dtype.kind == "i" else event_ids.astype(np.intp)
    return uniq, _lookup(uniq, event_ids, what)


def _unique(arr: np.ndarray) -> np.ndarray:
    """Unique ids in canonical order: sorted when the ids can be sorted, else in order of first appearance."""
    if arr.size and arr.dtype.kind in "iu" and arr.min() >= 0 and arr.max() < 4 * arr.size + 1_000_000:
        # Small non-negative integers: a presence table is O(n), a sort is O(n log n).
        present = np.zeros(int(arr.max()) + 1, dtype=bool)
        present[arr] = True
        return np.flatnonzero(present).astype(arr.dtype)
    if _sortable(arr):
        return np.unique(arr)
    seen: dict[Any, None] = dict.fromkeys(arr.tolist())
    out = np.empty(len(seen), dtype=object)
    out[:] = list(seen)
    return out


def _lookup(uniq: np.ndarray, ids: np.ndarray, what: str) -> np.ndarray:
    """Position of each id in ``uniq`` (ValueError naming the first unknown id)."""
    if ids.size == 0:
        return np.zeros(0, dtype=np.intp)
    if (
        uniq.dtype.kind in "iu"
        and ids.dtype.kind in "iu"
        and uniq.size
        and uniq[0] >= 0
        and uniq[-1] < 4 * max(ids.size, uniq.size) + 1_000_000
        and ids.min() >= 0
    ):
        table = np.full(int(max(uniq[-1], ids.max())) + 1, -1, dtype=np.intp)
        table[uniq] = np.arange(uniq.size)
        pos = table[ids]
        ok = pos >= 0
    elif _sortable(uniq) and (uniq.dtype == ids.dtype or (uniq.dtype == object) == (ids.dtype == object)):
        try:
            pos = np.searchsorted(uniq, ids)
            pos_c = np.minimum(pos, max(uniq.size - 1, 0))
            ok = (pos < uniq.size) & (uniq[pos_c] == ids) if uniq.size else np.zeros(ids.size, bool)
            pos = pos_c
        except TypeError:
            return _lookup_dict(uniq, ids, what)
    else:
        return _lookup_dict(uniq, ids, what)
    if not np.all(ok):
        bad = int(np.flatnonzero(~ok)[0])
        raise ValueError(f"{what} id {ids[bad]!r} (event {bad}) is not in the given list of {what}s")
    return cast(np.ndarray, pos.astype(np.intp, copy=False))


def _lookup_dict(uniq: np.ndarray, ids: np.ndarray, what: str) -> np.ndarray:
    table = {x: i for i, x in enumerate(uniq.tolist())}
    out = np.empty(ids.size, dtype=np.intp)
    for j, x in enumerate(ids.tolist()):
        try:
            out[j] = table[x]
        except KeyError:
            raise ValueError(f"{what} id {x!r} (event {j}) is not in the given list of {what}s") from None
    return out


def _index_dtype(nnz: int) -> type:
    """Index dtype for CSR arrays: int32 when it fits. Indices and indptr must share one dtype, or SciPy
    converts them (a full copy) on every product."""
    return np.int32 if nnz < np.iinfo(np.int32).max else np.int64


def _check_values(values: Any, p_ids: np.ndarray, s_ids: np.ndarray) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype.kind not in "iufb":
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError):
            for i, x in enumerate(arr.tolist()):
                try:
                    float(x)
                except (TypeError, ValueError):
                    raise ValueError(_bad_value_message(x, i, p_ids, s_ids)) from None
            raise
    ok = (arr == -1) | (arr == 0) | (arr == 1)
    if not np.all(ok):
        bad = int(np.flatnonzero(~ok)[0])
        raise ValueError(_bad_value_message(arr[bad], bad, p_ids, s_ids))
    return arr.astype(np.int8)


def _bad_value_message(x: Any, i: int, p_ids: np.ndarray, s_ids: np.ndarray) -> str:
    x = x.item() if isinstance(x, np.generic) else x
    return (
        f"vote value {x!r} at event {i} (participant {p_ids[i]!r}, statement {s_ids[i]!r}) is not "
        f"-1, 0 or 1 (+1 = agree, -1 = disagree, 0 = pass)"
    )


@dataclass(frozen=True, eq=False)
class Votes:
    """The latest vote of each participant on each statement.

    Attributes
    ----------
    participant_ids : ndarray, shape (n_participants,)
        Ids as given (int or str), canonical order. Row ``i`` of every per-participant array is this id.
    statement_ids : ndarray, shape (n_statements,)
        Ids as given, canonical order.
    rows, cols : ndarray of intp, shape (n_votes,)
        Participant and statement index of each vote, sorted by row then column, no duplicates.
    values : ndarray of int8, shape (n_votes,)
        +1 agree, -1 disagree, 0 pass. Passes are stored votes (a pass is "seen, no opinion").
    """

    participant_ids: np.ndarray
    statement_ids: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    _indptr: np.ndarray = field(repr=False)

    # ----------------------------------------------------------------------------------------- build
    @classmethod
    def from_events(
        cls,
        participant_ids: Iterable[Any],
        statement_ids: Iterable[Any],
        values: Iterable[Any],
        *,
        participants: Iterable[Any] | None = None,
        statements: Iterable[Any] | None = None,
    ) -> Votes:
        """Build from vote events in time order; the latest vote per (participant, statement) wins.

        ``participant_ids``, ``statement_ids`` and ``values`` are equal-length sequences (one event each);
        ids are any hashable int or str. ``participants`` / ``statements`` optionally list every id, so that
        people or statements without votes are kept. Raises ValueError naming the bad value.
        """
        p_ev = _as_id_array(participant_ids, "participant")
        s_ev = _as_id_array(statement_ids, "statement")
        vals = np.asarray(values) if not isinstance(values, np.ndarray) else values
        if not (p_ev.size == s_ev.size == vals.size):
            raise ValueError(
                f"participant_ids, statement_ids and values must have the same length "
                f"(got {p_ev.size}, {s_ev.size}, {vals.size})"
            )
        v = _check_values(vals, p_ev, s_ev)
        p_full = None if participants is None else _as_id_array(participants, "participant")
        s_full = None if statements is None else _as_id_array(statements, "statement")
        p_uniq, p_idx = _index(p_ev, p_full, "participant")
        s_uniq, s_idx = _index(s_ev, s_full, "statement")
        return cls._from_indices(p_uniq, s_uniq, p_idx, s_idx, v)

    @classmethod
    def _from_indices(
        cls, p_uniq: np.ndarray, s_uniq: np.ndarray, p_idx: np.ndarray, s_idx: np.ndarray, v: np.ndarray
    ) -> Votes:
        n_p, n_s, n = p_uniq.size, s_uniq.size, p_idx.size
        # Each event as one integer: its cell, participant in the high bits and statement below them (so the
        # cells sort by row, then column), then the event's number, then its value + 1 in the two lowest bits.
        # One plain sort puts each cell's events together in time order, the latest last; shifts and masks
        # take the result apart again. (At 50 M votes an integer division of every event, and fetching each
        # vote's value by its event number, took more time than the sort.)
        s_bits, e_bits = max(n_s - 1, 0).bit_length(), max(n - 1, 0).bit_length()
        if n and max(n_p - 1, 0).bit_length() + s_bits + e_bits + 2 <= 63:
            comp = p_idx.astype(np.int64)
            comp <<= np.int64(s_bits)
            comp |= s_idx
            comp <<= np.int64(e_bits + 2)
            comp |= np.arange(0, 4 * n, 4, dtype=np.int64)
            comp |= v + np.int8(1)
            comp.sort()
            values = comp.astype(np.int8)  # the lowest byte: value + 1 in its two lowest bits
            values &= np.int8(3)
            values -= np.int8(1)
            comp >>= np.int64(e_bits + 2)  # the cell of each event
            last = np.ones(n, dtype=bool)
            np.not_equal(comp[1:], comp[:-1], out=last[:-1])
            if not last.all():  # re-votes: keep each cell's latest
                comp, values = comp[last], values[last]
            del last
            cols = comp & np.int64((1 << s_bits) - 1)
            comp >>= np.int64(s_bits)
            return cls._from_sorted(p_uniq, s_uniq, comp, cols, values)
        key = p_idx.astype(np.int64) * n_s + s_idx
        order = np.argsort(key, kind="stable")
        key_sorted, event = key[order], order
        last = np.ones(key_sorted.size, dtype=bool)
        last[:-1] = key_sorted[1:] != key_sorted[:-1]
        key_sorted = key_sorted[last]
        rows, cols = np.divmod(key_sorted, n_s) if n_s else (key_sorted, key_sorted)
        values = v[event[last]]
        return cls._from_sorted(p_uniq, s_uniq, rows.astype(np.intp), cols.astype(np.intp), values)

    @classmethod
    def _from_sorted(
        cls, p_uniq: np.ndarray, s_uniq: np.ndarray, rows: np.ndarray, cols: np.ndarray, values: np.ndarray
    ) -> Votes:
        # rows are sorted: each row's first vote by binary search (a bincount read all the votes)
        indptr: np.ndarray = np.searchsorted(rows, np.arange(p_uniq.size + 1)).astype(_index_dtype(rows.size))
        return cls(p_uniq, s_uniq, rows, cols, values.astype(np.int8, copy=False), indptr)

    @classmethod
    def from_dense(
        cls, matrix: Any, participants: Sequence[Any] | None = None, statements: Sequence[Any] | None = None
    ) -> Votes:
        """Build from a small dense participants x statements array: NaN (or None) = no vote.
        For tests and examples; real data should come through :meth:`from_events`."""
        m = np.asarray(matrix, dtype=np.float64)
        if m.ndim != 2:
            raise ValueError("matrix must be 2-D (participants x statements)")
        participants = list(range(m.shape[0])) if participants is None else list(participants)
        statements = list(range(m.shape[1])) if statements is None else list(statements)
        r, c = np.nonzero(~np.isnan(m))
        p_arr, s_arr = np.asarray(participants, dtype=object), np.asarray(statements, dtype=object)
        return cls.from_events(
            p_arr[r].tolist(), s_arr[c].tolist(), m[r, c], participants=participants, statements=statements
        )

    # ----------------------------------------------------------------------------------------- views
    @property
    def n_participants(self) -> int:
        return int(self.participant_ids.size)

    @property
    def n_statements(self) -> int:
        return int(self.statement_ids.size)

    @property
    def n_votes(self) -> int:
        return int(self.values.size)

    @property
    def shape(self) -> tuple[int, int]:
        return (self.n_participants, self.n_statements)

    @property
    def matrix(self) -> sp.csr_matrix:
        """CSR matrix (participants x statements) of int8 votes; passes are explicit stored zeros."""
        # Imported here: reading an export needs only NumPy (a script that only reads one does not load SciPy).
        import scipy.sparse as sp

        return sp.csr_matrix((self.values, self.cols.astype(self._indptr.dtype), self._indptr), shape=self.shape)

    def to_dense(self) -> np.ndarray:
        """Dense float array with NaN for no vote. Small data only."""
        out = np.full(self.shape, np.nan)
        out[self.rows, self.cols] = self.values
        return out

    def events(self) -> tuple[list[Any], list[Any], list[int]]:
        """The votes as (participant ids, statement ids, values) lists, one entry per latest vote."""
        return (
            self.participant_ids[self.rows].tolist(),
            self.statement_ids[self.cols].tolist(),
            self.values.astype(int).tolist(),
        )

    def __repr__(self) -> str:
        return f"Votes({self.n_participants} participants x {self.n_statements} statements, {self.n_votes} votes)"
