"""A seeded synthetic conversation with planted opinion groups and planted common ground.

Used by the tests and the benchmarks to measure what real data cannot tell us: whether the engine recovers
the groups (adjusted Rand index) and labels the statements every group agrees with (precision / recall).

Model:

* ``n_groups`` opinion groups of uneven size (sizes proportional to ``1 / (1 + uneven * g)``);
* per statement and group, the probability that a vote that is not a pass is "agree":

  - *common ground* (``common_share``): every group agrees, probability U(0.8, 0.97);
  - *divisive* (``divisive_share``): a random non-empty, non-full subset of groups agrees (U(0.8, 0.95)),
    the others disagree (U(0.05, 0.2));
  - *common disagreement* (``disagree_share``): every group disagrees (U(0.03, 0.2));
  - the rest *mixed*: a profile drawn per group from Beta(``mixed_beta``, ``mixed_beta``) (the default 0.5
    gives each group a clear stance, as opinion groups have on the statements that define them), with at least one group below 0.4 so that a
    mixed statement is never common ground by construction;

* each vote is a pass with the statement's pass probability (Beta with mean ``pass_rate``);
* ``noise``: the share of votes cast at random (1/3 each), whatever the group;
* each participant votes on ``min_votes`` + a geometric number more statements (mean ``mean_votes``),
  drawn with uneven exposure (early statements are seen more), capped at ``n_statements``;
* ``revote_share`` of votes are preceded by an earlier, different vote (the latest must win).

Participant ids are 0..n_participants-1 and statement ids 0..n_statements-1 (ints).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np

from .votes import Votes

__all__ = ["PlantedConversation", "planted_conversation"]


@dataclass(eq=False)
class PlantedConversation:
    """votes : the latest votes; true_groups : (n_participants,) planted group per participant id (index =
    id); common_ground, divisive, common_disagreement : sets of statement ids; agree_probability :
    (n_groups, n_statements) chance a non-pass vote agrees; pass_probability : (n_statements,);
    events : (participant, statement, value) arrays in time order, re-votes included."""

    votes: Votes
    true_groups: np.ndarray
    common_ground: set[int]
    divisive: set[int]
    common_disagreement: set[int]
    agree_probability: np.ndarray
    pass_probability: np.ndarray
    events: tuple[np.ndarray, np.ndarray, np.ndarray]

    @property
    def n_groups(self) -> int:
        return int(self.agree_probability.shape[0])

    def write_polis(self, dir_path: str | os.PathLike[str], **kwargs: Any) -> Path:
        """Write the conversation as a Polis export folder (planted groups in ``group-id``)."""
        from .polis import write_polis

        groups = {i: int(g) for i, g in enumerate(self.true_groups.tolist())}
        meta = [{"id": s, "text": f"statement {s}", "moderated": 1} for s in self.votes.statement_ids.tolist()]
        return write_polis(dir_path, self.votes, meta, groups=groups, **kwargs)


def planted_conversation(
    n_participants: int = 500,
    n_statements: int = 100,
    n_groups: int = 3,
    seed: int = 0,
    *,
    common_share: float = 0.15,
    divisive_share: float = 0.35,
    disagree_share: float = 0.1,
    noise: float = 0.05,
    pass_rate: float = 0.1,
    min_votes: int = 20,
    mean_votes: float = 35.0,
    uneven: float = 0.3,
    revote_share: float = 0.01,
    mixed_beta: float = 0.5,
) -> PlantedConversation:
    """Generate a planted conversation (see the module docstring for the model). Deterministic in ``seed``."""
    if n_groups < 1:
        raise ValueError("n_groups must be >= 1")
    rng = np.random.default_rng(seed)
    P, S, G = n_participants, n_statements, n_groups

    share = 1.0 / (1.0 + uneven * np.arange(G))
    share /= share.sum()
    # Exact, shuffled group sizes (every group non-empty when P >= G).
    sizes = np.floor(share * P).astype(int)
    sizes[: P - sizes.sum()] += 1
    groups = rng.permutation(np.repeat(np.arange(G), sizes))

    kind = rng.permutation(
        np.repeat(np.arange(4), _split(S, [common_share, divisive_share if G > 1 else 0.0, disagree_share]))
    )
    common, divisive, cdis, mixed = (kind == 0), (kind == 1), (kind == 2), (kind == 3)
    q = rng.beta(mixed_beta, mixed_beta, size=(G, S))
    q[:, common] = rng.uniform(0.8, 0.97, size=(G, int(common.sum())))
    q[:, cdis] = rng.uniform(0.03, 0.2, size=(G, int(cdis.sum())))
    n_div = int(divisive.sum())
    if n_div:
        side = rng.random((G, n_div)) < 0.5
        side[rng.integers(0, G, n_div), np.arange(n_div)] = True
        side[_other(rng, side), np.arange(n_div)] = False
        q[:, divisive] = np.where(side, rng.uniform(0.8, 0.95, (G, n_div)), rng.uniform(0.05, 0.2, (G, n_div)))
    mixed_idx = np.flatnonzero(mixed)
    if mixed_idx.size:
        low = rng.integers(0, G, mixed_idx.size)
        q[low, mixed_idx] = np.minimum(q[low, mixed_idx], rng.uniform(0.05, 0.4, mixed_idx.size))
    pass_p = rng.beta(2.0, 2.0 * (1 - pass_rate) / max(pass_rate, 1e-9), size=S) if pass_rate > 0 else np.zeros(S)

    # Who votes on what.
    n_each = np.minimum(S, min_votes + rng.geometric(1.0 / max(mean_votes - min_votes + 1, 1.0), P) - 1)
    expo = rng.lognormal(0.0, 0.4, S) * np.linspace(1.3, 0.7, S)
    # Weighted sampling without replacement per participant via Gumbel keys (vectorised).
    keys = np.log(expo)[None, :] - np.log(-np.log(rng.random((P, S))))
    ranks = np.argsort(-keys, axis=1)
    take = np.arange(S)[None, :] < n_each[:, None]
    pid = np.repeat(np.arange(P), S)[take.ravel()]
    sid = ranks[take]

    g = groups[pid]
    is_pass = rng.random(pid.size) < pass_p[sid]
    agree = rng.random(pid.size) < q[g, sid]
    value = np.where(is_pass, 0, np.where(agree, 1, -1))
    random_vote = rng.random(pid.size) < noise
    value = np.where(random_vote, rng.integers(-1, 2, pid.size), value).astype(np.int8)

    n_re = int(round(pid.size * revote_share))
    order = rng.permutation(pid.size)
    ev_p, ev_s, ev_v = pid[order], sid[order], value[order]
    if n_re:
        idx = rng.choice(pid.size, n_re, replace=False)
        early = ((value[idx].astype(int) + 2) % 3 - 1).astype(np.int8)  # a different value, replaced later
        ev_p = np.concatenate([pid[idx], ev_p])
        ev_s = np.concatenate([sid[idx], ev_s])
        ev_v = np.concatenate([early, ev_v])
    votes = Votes.from_events(ev_p, ev_s, ev_v, participants=np.arange(P), statements=np.arange(S))
    return PlantedConversation(
        votes=votes,
        true_groups=groups.astype(np.int64),
        common_ground=set(np.flatnonzero(common).tolist()),
        divisive=set(np.flatnonzero(divisive).tolist()),
        common_disagreement=set(np.flatnonzero(cdis).tolist()),
        agree_probability=q,
        pass_probability=pass_p,
        events=(ev_p, ev_s, ev_v),
    )


def _split(n: int, shares: list[float]) -> list[int]:
    counts = [int(round(n * s)) for s in shares]
    while sum(counts) > n:
        counts[int(np.argmax(counts))] -= 1
    return counts + [n - sum(counts)]


def _other(rng: np.random.Generator, side: np.ndarray) -> np.ndarray:
    """For each column, a row other than its first agreeing row: set to "disagree" so both sides exist."""
    G, n = side.shape
    true_row = np.argmax(side, axis=0)
    shift = rng.integers(1, G, n)
    return cast(np.ndarray, (true_row + shift) % G)
