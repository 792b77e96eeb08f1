"""Fast, seeded synthetic Polis-like conversations for the engine benchmark.

NumPy only (no coproduce import), so both the project venv and the separate red-dwarf venv can read the
files it writes. Everything is vectorised: 10 M votes take a few seconds.

The model (deliberately simple, but with the features that make real conversations hard):

* ``k`` planted opinion groups of uneven size;
* per statement and group, a probability of agreeing: a share of statements is planted common ground
  (every group agrees), a share is divisive (some groups agree, the others disagree), the rest have a
  profile drawn at random per group with at least one group leaning against (so they are never common
  ground by chance);
* a pass rate that varies by statement (Beta(2, 10), mean about 17 %);
* heavy-tailed activity: how much each participant votes is log-normal, so many vote a little and a few vote
  on nearly everything, and some statements are shown more often than others;
* every participant votes at least once and every statement gets at least one vote;
* a small share of re-votes (the same participant and statement again, later): the latest vote counts;
* a few statements moderated out.

Events are written in time order to an ``.npz`` file with arrays ``participant``, ``statement`` (int32),
``value`` (int8: +1 agree, -1 disagree, 0 pass), ``excluded`` (statement ids moderated out), ``group`` (planted
group per participant id), ``common_ground`` (bool per statement id) plus the sizes.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

#: Named sizes: (participants, statements, votes). 2 M is Polis's largest recorded conversation
#: (33,422 participants x 783 statements); 10 M is a stress test; 50 M (1 M participants x 10 k statements) is
#: issue 22's national scale.
SIZES: dict[str, tuple[int, int, int]] = {
    "10k": (300, 80, 10_000),
    "200k": (3_000, 300, 200_000),
    "2M": (33_422, 783, 2_000_000),
    "10M": (100_000, 5_000, 10_000_000),
    "50M": (1_000_000, 10_000, 50_000_000),
}


#: Bumped whenever the model changes, so that cached files are never stale.
GENERATOR_VERSION = 2


@dataclass
class Synthetic:
    participant: np.ndarray  # (n_events,) int32, time-ordered
    statement: np.ndarray  # (n_events,) int32
    value: np.ndarray  # (n_events,) int8
    excluded: np.ndarray  # (n_excluded,) int32 statement ids moderated out
    group: np.ndarray  # (n_participants,) int16 planted group
    common_ground: np.ndarray  # (n_statements,) bool planted common ground
    n_participants: int
    n_statements: int

    @property
    def nbytes(self) -> int:
        return int(self.participant.nbytes + self.statement.nbytes + self.value.nbytes)


def _unique(a: np.ndarray) -> np.ndarray:
    """Sorted unique values (sort based: much faster than NumPy 2's hash-based ``np.unique`` here)."""
    a = np.sort(a)
    if a.size:
        a = a[np.concatenate(([True], a[1:] != a[:-1]))]
    return a


def generate(
    n_participants: int,
    n_statements: int,
    n_votes: int,
    *,
    k: int = 3,
    seed: int = 0,
    common_share: float = 0.1,
    divisive_share: float = 0.25,
    revote_share: float = 0.005,
    excluded_share: float = 0.02,
) -> Synthetic:
    """Return a synthetic conversation with ``n_votes`` distinct (participant, statement) votes
    (plus ``revote_share`` re-votes) over ``n_participants`` x ``n_statements``."""
    if n_votes > n_participants * n_statements:
        raise ValueError("more votes than cells")
    rng = np.random.default_rng(seed)
    P, S = n_participants, n_statements

    # Uneven planted groups, e.g. 3 groups -> about 48 %, 32 %, 20 %.
    sizes = np.arange(k, 0, -1, dtype=float) + 0.5
    sizes /= sizes.sum()
    group = rng.choice(k, size=P, p=sizes).astype(np.int16)

    # Agree probability per group and statement.
    kind = rng.random(S)
    common = kind < common_share
    divisive = (kind >= common_share) & (kind < common_share + divisive_share)
    agree_p = rng.beta(2.0, 2.0, size=(k, S))
    agree_p[:, common] = rng.uniform(0.8, 0.95, size=(k, int(common.sum())))
    # Divisive: a random non-empty, non-full subset of groups agrees strongly, the others disagree.
    n_div = int(divisive.sum())
    side = rng.random((k, n_div)) < 0.5
    side[0] = True
    side[rng.integers(1, k, size=n_div), np.arange(n_div)] = False
    agree_p[:, divisive] = np.where(side, rng.uniform(0.8, 0.95, (k, n_div)), rng.uniform(0.05, 0.2, (k, n_div)))
    # The rest ("mixed") must not be common ground by chance: one group (at random) leans against.
    mixed = ~(common | divisive)
    m_idx = np.flatnonzero(mixed)
    low = rng.integers(0, k, size=m_idx.size)
    agree_p[low, m_idx] = np.minimum(agree_p[low, m_idx], rng.uniform(0.05, 0.4, size=m_idx.size))
    pass_p = rng.beta(2.0, 10.0, size=S)

    # Who votes on what: heavy-tailed activity and exposure, distinct pairs, sampled with replacement
    # and deduplicated until there are enough.
    w_p = rng.lognormal(0.0, 1.0, size=P)
    w_p /= w_p.sum()
    w_s = rng.lognormal(0.0, 0.5, size=S) * np.linspace(1.5, 0.5, S)  # early statements are seen more
    w_s /= w_s.sum()
    # Every participant votes at least once, every statement gets at least one vote.
    forced = _unique(
        np.concatenate(
            [
                np.arange(P, dtype=np.int64) * S + rng.integers(0, S, size=P),
                rng.integers(0, P, size=S).astype(np.int64) * S + np.arange(S),
            ]
        )
    )
    codes = forced
    while codes.size < n_votes:
        draw = int((n_votes - codes.size) * 1.3) + 1000
        p = rng.choice(P, size=draw, p=w_p)
        s = rng.choice(S, size=draw, p=w_s)
        codes = _unique(np.concatenate([codes, p.astype(np.int64) * S + s]))
    if codes.size > n_votes:
        # Keep the forced votes and a random subset of the others.
        rest = np.setdiff1d(codes, forced, assume_unique=True)
        codes = np.concatenate([forced, rng.choice(rest, size=n_votes - forced.size, replace=False)])
    pid = (codes // S).astype(np.int32)
    sid = (codes % S).astype(np.int32)

    # The votes.
    g = group[pid]
    u = rng.random(codes.size)
    is_pass = u < pass_p[sid]
    agree = rng.random(codes.size) < agree_p[g, sid]
    value = np.where(is_pass, 0, np.where(agree, 1, -1)).astype(np.int8)

    # Re-votes: a participant changes their mind later (the earlier vote is drawn at random).
    n_re = int(codes.size * revote_share)
    if n_re:
        idx = rng.choice(codes.size, size=n_re, replace=False)
        early = rng.choice(np.array([-1, 0, 1], dtype=np.int8), size=n_re)
        pid = np.concatenate([pid[idx], pid])
        sid = np.concatenate([sid[idx], sid])
        value = np.concatenate([early, value])
    # Time order: the early (overridden) votes first, then every final vote in random order.
    body = rng.permutation(np.arange(n_re, pid.size))
    order = np.concatenate([np.arange(n_re), body])
    excluded = np.sort(rng.choice(S, size=max(1, int(S * excluded_share)), replace=False)).astype(np.int32)
    return Synthetic(
        participant=pid[order],
        statement=sid[order],
        value=value[order],
        excluded=excluded,
        group=group,
        common_ground=common,
        n_participants=P,
        n_statements=S,
    )


def adjusted_rand_index(a, b) -> float:
    """Adjusted Rand index of two labelings (NumPy only, so that measuring it adds no library to a run's
    memory; equal to scikit-learn's ``adjusted_rand_score``)."""
    a = np.unique(np.asarray(a), return_inverse=True)[1].ravel()
    b = np.unique(np.asarray(b), return_inverse=True)[1].ravel()
    n = a.size
    if n < 2:
        return 1.0
    table = np.zeros((a.max() + 1, b.max() + 1), dtype=np.int64)
    np.add.at(table, (a, b), 1)

    def pairs(x):
        x = x.astype(np.float64)
        return float((x * (x - 1) / 2).sum())

    index = pairs(table)
    sa, sb = pairs(table.sum(1)), pairs(table.sum(0))
    expected = sa * sb / (n * (n - 1) / 2)
    maximum = (sa + sb) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def save(syn: Synthetic, path: Path) -> None:
    np.savez(
        path,
        participant=syn.participant,
        statement=syn.statement,
        value=syn.value,
        excluded=syn.excluded,
        group=syn.group,
        common_ground=syn.common_ground,
        n_participants=syn.n_participants,
        n_statements=syn.n_statements,
    )


def load(path: Path) -> Synthetic:
    with np.load(path) as z:
        return Synthetic(
            participant=z["participant"],
            statement=z["statement"],
            value=z["value"],
            excluded=z["excluded"],
            group=z["group"],
            common_ground=z["common_ground"],
            n_participants=int(z["n_participants"]),
            n_statements=int(z["n_statements"]),
        )


def data_path(name: str, out_dir: Path, seed: int = 0) -> Path:
    """Where :func:`ensure` keeps the named size (keyed by size, seed and generator version)."""
    return out_dir / f"synthetic-{name}-seed{seed}-v{GENERATOR_VERSION}.npz"


def ensure(name: str, out_dir: Path, seed: int = 0) -> Path:
    """Write the named size to ``out_dir`` once (keyed by size and seed) and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = data_path(name, out_dir, seed)
    if not path.exists():
        P, S, V = SIZES[name]
        syn = generate(P, S, V, seed=seed)
        tmp = path.with_suffix(".tmp.npz")
        save(syn, tmp)
        tmp.rename(path)
    return path


if __name__ == "__main__":  # pragma: no cover - a manual check
    ap = argparse.ArgumentParser()
    ap.add_argument("size", choices=list(SIZES))
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    t = time.perf_counter()
    syn = generate(*SIZES[a.size], seed=a.seed)
    dt = time.perf_counter() - t
    print(
        f"{a.size}: {syn.participant.size:,} events, {syn.nbytes / 1e6:.1f} MB, {dt:.2f} s; "
        f"participants with a vote {np.unique(syn.participant).size:,}, "
        f"statements with a vote {np.unique(syn.statement).size:,}, "
        f"pass {np.mean(syn.value == 0):.2f}, agree {np.mean(syn.value == 1):.2f}"
    )


def write_polis_export(syn: Synthetic, folder: Path) -> Path:
    """Write ``syn`` as a Polis export folder (votes.csv with every event in time order, comments.csv with
    the moderated-out statements, a participants-votes.csv with the planted groups as ``group-id`` but no vote
    columns - the readers take the votes from votes.csv). NumPy only; kept as a cache like the .npz."""
    folder.mkdir(parents=True, exist_ok=True)
    n = syn.value.size
    ts = 1_700_000_000_000 + np.arange(n, dtype=np.int64)
    body = np.column_stack([ts, syn.statement.astype(np.int64), syn.participant.astype(np.int64), syn.value])
    with open(folder / "votes.csv", "w", encoding="utf-8") as fh:
        fh.write("timestamp,datetime,comment-id,voter-id,vote\n")
        np.savetxt(fh, body, fmt="%d,Thu Jan 01 00:00:00 UTC 2026,%d,%d,%d")
    excluded = set(syn.excluded.tolist())
    with open(folder / "comments.csv", "w", encoding="utf-8") as fh:
        fh.write("timestamp,comment-id,author-id,agrees,disagrees,moderated,comment-body\n")
        for s in range(syn.n_statements):
            fh.write(f"0,{s},,0,0,{-1 if s in excluded else 1},statement {s}\n")
    with open(folder / "participants-votes.csv", "w", encoding="utf-8") as fh:
        fh.write("participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree\n")
        for p, g in enumerate(syn.group.tolist()):
            fh.write(f"{p},,{g},0,0,0,0\n")
    (folder / "summary.csv").write_text("topic,synthetic\n", encoding="utf-8")
    return folder
