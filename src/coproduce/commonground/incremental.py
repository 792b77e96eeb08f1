"""Between two analyses: the counts, shares and common-ground labels updated vote by vote, in constant time.

A full :func:`~coproduce.commonground.analyse` of 2 M votes takes seconds; a vote arrives far more often than
that. :class:`LiveCounts` starts from the last analysis and the votes it was made from, and each new vote (or
changed vote) updates, in O(log of the voter's number of votes), the statement's counts overall and in the
voter's opinion group, and returns the statement's fresh figures: counts, group-aware consensus, the
common-ground label and its probability. The map and the groups stay those of the last analysis until the
next one (on a schedule, warm-started with ``previous=``); a participant new since then is counted overall
but in no group, as in an analysis where they are not clustered yet.

One approximation, said here and in ``docs/engine.md``: the live probability takes the groups as known (the
product over groups of the Beta tails, the ``hard`` form of
:func:`~coproduce.commonground.stats.joint_agreement_probability`); the next full analysis puts the
uncertainty in membership back. Memory: the analysis's arrays and the votes' own arrays (changed in place),
plus a dictionary of the votes on cells that were empty at the analysis.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import stats
from .analysis import CG_LEVEL, CG_MIN_VOTES, CG_THRESHOLD, Analysis
from .votes import Votes

__all__ = ["LiveCounts", "StatementNow", "statement_now", "statements_now"]

# vote value + 1 -> column of the counts ([agree, disagree, pass])
_COLUMN = np.array([stats.DISAGREE, stats.PASS, stats.AGREE], dtype=np.int64)


@dataclass(frozen=True)
class StatementNow:
    """A statement's figures after the latest vote: counts [agree, disagree, pass] overall and per group
    (n_groups, 3), group-aware consensus, the label (True / False / None) and its probability."""

    id: Any
    counts: np.ndarray
    group_counts: np.ndarray
    group_aware_consensus: float | None
    common_ground: bool | None
    common_ground_probability: float | None


class LiveCounts:
    """Counts kept up to date vote by vote from ``analysis`` (made from ``votes``)."""

    def __init__(self, analysis: Analysis, votes: Votes) -> None:
        if not np.array_equal(analysis.participant_ids, votes.participant_ids) or not np.array_equal(
            analysis.statement_ids, votes.statement_ids
        ):
            raise ValueError("the analysis was not made from these votes")
        self.statement_ids = votes.statement_ids
        self._s_index = {s: i for i, s in enumerate(votes.statement_ids.tolist())}
        self._p_index = {p: i for i, p in enumerate(votes.participant_ids.tolist())}
        self.excluded = analysis.excluded.copy()
        self.counts = analysis.counts.astype(np.int64).copy()
        self.group_counts = analysis.group_counts.astype(np.int64).copy()
        gi = np.full(analysis.participant_group.size, -1, dtype=np.int64)
        placed = analysis.participant_group >= 0
        if placed.any():
            gi[placed] = np.searchsorted(np.asarray(analysis.group_ids), analysis.participant_group[placed])
        self._group = gi
        # The latest votes, CSR by participant (the Votes arrays are sorted by row, then column).
        self._indptr = np.zeros(votes.n_participants + 1, dtype=np.int64)
        np.cumsum(np.bincount(votes.rows, minlength=votes.n_participants), out=self._indptr[1:])
        self._cols = votes.cols
        self._values = votes.values.copy()
        self._extra: dict[tuple[Hashable, int], int] = {}  # votes on cells empty at the analysis
        self.n_new_votes = 0

    def _previous(self, p: int | None, pid: Hashable, s: int) -> tuple[int | None, int | None]:
        """(position in the analysis's arrays or None, the vote there now or None)."""
        if p is not None:
            a, b = self._indptr[p], self._indptr[p + 1]
            j = a + int(np.searchsorted(self._cols[a:b], s))
            if j < b and self._cols[j] == s:
                return j, int(self._values[j])
        return None, self._extra.get((pid, s))

    def add_vote(self, participant_id: Hashable, statement_id: Hashable, value: int) -> StatementNow:
        """Record a vote (+1 agree, -1 disagree, 0 pass; the latest vote on a statement counts) and return the
        statement's figures now. A statement unknown to the analysis raises KeyError (run a full analysis)."""
        if value not in (-1, 0, 1):
            raise ValueError(f"vote {value!r} is not -1, 0 or 1")
        s = self._s_index[statement_id]
        p = self._p_index.get(participant_id)
        j, old = self._previous(p, participant_id, s)
        g = int(self._group[p]) if p is not None else -1
        if old is not None:
            self.counts[s, _COLUMN[old + 1]] -= 1
            if g >= 0:
                self.group_counts[g, s, _COLUMN[old + 1]] -= 1
        self.counts[s, _COLUMN[value + 1]] += 1
        if g >= 0:
            self.group_counts[g, s, _COLUMN[value + 1]] += 1
        if j is not None:
            self._values[j] = value
        else:
            self._extra[(participant_id, s)] = value
        self.n_new_votes += 1
        return self.statement(statement_id)

    def statement(self, statement_id: Hashable) -> StatementNow:
        """The statement's figures as they stand."""
        s = self._s_index[statement_id]
        return statement_now(statement_id, self.counts[s], self.group_counts[:, s, :], bool(self.excluded[s]))


def statement_now(statement_id: Any, counts: np.ndarray, group_counts: np.ndarray, excluded: bool) -> StatementNow:
    """One statement's figures from its counts [agree, disagree, pass] overall and per opinion group (n_groups, 3),
    in time independent of the number of votes: what :class:`LiveCounts` returns, for callers that keep the counts
    elsewhere (the web app adds the votes since its last analysis to that analysis's counts)."""
    gc = np.asarray(group_counts, dtype=np.int64).reshape(-1, 1, 3)
    return statements_now([statement_id], np.asarray(counts).reshape(1, 3), gc, np.array([bool(excluded)]))[0]


def statements_now(
    statement_ids: Sequence[Any], counts: np.ndarray, group_counts: np.ndarray, excluded: np.ndarray
) -> list[StatementNow]:
    """:func:`statement_now` of many statements at once: ``counts`` (n, 3), ``group_counts`` (n_groups, n, 3),
    ``excluded`` (n,) bool. The same figures, computed for all of them in a few array operations (one by one, each
    statement costs about a millisecond of NumPy and SciPy calls: a second for a thousand)."""
    from scipy.special import betainc

    counts = np.asarray(counts, dtype=np.int64).reshape(-1, 3)
    n = counts.shape[0]
    gc = np.asarray(group_counts, dtype=np.int64).reshape(-1, n, 3)
    excluded = np.asarray(excluded, dtype=bool).reshape(n)
    if gc.shape[0] == 0:
        return [
            StatementNow(sid, counts[i].copy(), gc[:, i].copy(), None, None, None)
            for i, sid in enumerate(statement_ids)
        ]
    gac = stats.group_aware_consensus(gc)
    label, _, _ = stats.common_ground_label(gc, level=CG_LEVEL, threshold=CG_THRESHOLD, min_votes=CG_MIN_VOTES)
    A, D = gc[:, :, stats.AGREE].astype(float), gc[:, :, stats.DISAGREE].astype(float)
    prob = np.prod(betainc(D + 1.0, A + 1.0, 1.0 - CG_THRESHOLD), axis=0)
    enough = ((A + D) >= CG_MIN_VOTES).all(axis=0)
    out = []
    for i, sid in enumerate(statement_ids):
        if excluded[i]:
            out.append(StatementNow(sid, counts[i].copy(), gc[:, i].copy(), None, None, None))
            continue
        p = float(prob[i])
        cg: bool | None = True if enough[i] and p >= CG_LEVEL else (False if label[i] == 0 else None)
        out.append(StatementNow(sid, counts[i].copy(), gc[:, i].copy(), float(gac[i]), cg, p))
    return out
