"""Held-out vote prediction: the measure that judges opinion groups by what groups are for.

Hide a share of the votes, find groups on the rest, and predict each hidden vote (agree / disagree / pass)
from the shares in the voter's group on that statement. The mean negative log-probability of the hidden votes
(the *log-loss*, natural log, lower is better) says how much the groups explain about how people vote. A
grouping that invents groups over-fits and loses here; a grouping that misses groups under-fits and loses too.

The same rule predicts for every method (ours, Polis-compatible, red-dwarf), so their figures compare:

* overall shares of statement s: (c_sv + 1) / (n_s + 3) (Laplace, over the three vote values);
* group g's shares: (c_gsv + ``PRIOR`` * overall_sv) / (n_gs + ``PRIOR``), shrunk towards the overall shares;
* a participant with no group (too few votes, or not placed) gets the overall shares.

NumPy only; used by the tests, the benchmark and :mod:`coproduce.commonground.families`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .votes import Votes

__all__ = ["HeldOut", "split_votes", "vote_shares", "log_loss", "PRIOR"]

#: Pseudo-votes (at the overall shares) added to every group's counts on a statement before predicting.
PRIOR = 2.0
# vote value + 1 -> column: 0 agree, 1 disagree, 2 pass (the engine's VoteMatrix order)
_COLUMN = np.array([1, 2, 0], dtype=np.int64)


@dataclass(frozen=True, eq=False)
class HeldOut:
    """The hidden votes: participant index, statement index and value (+1 / -1 / 0) of each, indexed like
    the training :class:`Votes` (which keeps every participant and statement id)."""

    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray

    @property
    def n_votes(self) -> int:
        return int(self.values.size)


def split_votes(votes: Votes, share: float = 0.1, seed: int = 0) -> tuple[Votes, HeldOut]:
    """Hide ``share`` of the votes, chosen uniformly at random. Returns (training votes, hidden votes); the
    training :class:`Votes` lists every participant and statement of ``votes`` in the same order."""
    if not 0.0 < share < 1.0:
        raise ValueError(f"share must be between 0 and 1, not {share!r}")
    rng = np.random.default_rng(seed)
    hide = rng.random(votes.n_votes) < share
    keep = ~hide
    train = Votes._from_sorted(
        votes.participant_ids, votes.statement_ids, votes.rows[keep], votes.cols[keep], votes.values[keep]
    )
    return train, HeldOut(votes.rows[hide], votes.cols[hide], votes.values[hide])


def vote_shares(votes: Votes, labels: np.ndarray, n_groups: int | None = None, prior: float = PRIOR) -> np.ndarray:
    """Predicted vote shares, (n_groups + 1, n_statements, 3) over [agree, disagree, pass]: one row per group
    (labels 0 .. n_groups - 1; -1 = no group) and, last, the overall shares."""
    labels = np.asarray(labels, dtype=np.int64)
    k = int(labels.max()) + 1 if n_groups is None and labels.size else int(n_groups or 0)
    n_s = votes.n_statements
    code = votes.cols.astype(np.int64) * 3 + _COLUMN[votes.values.astype(np.int64) + 1]
    overall_c = np.bincount(code, minlength=3 * n_s).reshape(n_s, 3).astype(float)
    overall = (overall_c + 1.0) / (overall_c.sum(1, keepdims=True) + 3.0)
    out = np.empty((k + 1, n_s, 3))
    out[k] = overall
    if k:
        g = labels[votes.rows]
        m = g >= 0
        gc = np.bincount(g[m] * (3 * n_s) + code[m], minlength=k * 3 * n_s).reshape(k, n_s, 3).astype(float)
        out[:k] = (gc + prior * overall[None]) / (gc.sum(-1, keepdims=True) + prior)
    return out


def log_loss(
    train: Votes,
    held: HeldOut,
    labels: np.ndarray,
    *,
    n_groups: int | None = None,
    statements: np.ndarray | None = None,
    prior: float = PRIOR,
) -> float:
    """Mean negative log-probability (natural log) of the hidden votes, each predicted from the shares of the
    voter's group (``labels``: (n_participants,) group 0.. or -1) on that statement in ``train``.
    ``statements`` (bool, (n_statements,)) limits the measure to those statements (e.g. not moderated out)."""
    labels = np.asarray(labels, dtype=np.int64)
    k = int(labels.max()) + 1 if n_groups is None and labels.size else int(n_groups or 0)
    shares = vote_shares(train, labels, k, prior)
    rows, cols, vals = held.rows, held.cols, held.values
    if statements is not None:
        m = np.asarray(statements, bool)[cols]
        rows, cols, vals = rows[m], cols[m], vals[m]
    if vals.size == 0:
        return float("nan")
    g = labels[rows]
    g = np.where(g >= 0, g, k)
    p = shares[g, cols, _COLUMN[vals.astype(np.int64) + 1]]
    return float(-np.log(p).mean())
