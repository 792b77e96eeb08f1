"""Per-statement statistics from vote counts: all vectorised over (groups, statements).

Counts arrays have shape (n_groups, n_statements, 3) holding [agree, disagree, pass]; "S" below is all votes
(passes included), as in Polis.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import numpy as np
from scipy.special import betaincinv

__all__ = [
    "AGREE",
    "DISAGREE",
    "PASS",
    "count_votes",
    "group_aware_consensus",
    "agreement_bounds",
    "common_ground_label",
    "representativeness",
    "majority_consensus",
    "divisiveness",
    "routing_priority",
    "Z_90",
]

AGREE, DISAGREE, PASS = 0, 1, 2
#: One-sided 90 % normal quantile, Polis's significance threshold.
Z_90 = 1.2816
# vote value + 1 -> column in the counts array (-1 disagree, 0 pass, +1 agree)
_COLUMN = np.array([DISAGREE, PASS, AGREE], dtype=np.int64)


def count_votes(
    rows: np.ndarray, cols: np.ndarray, values: np.ndarray, labels: np.ndarray, n_labels: int, n_statements: int
) -> np.ndarray:
    """Agree / disagree / pass counts per (label, statement) with one ``bincount``.

    rows, cols, values : (n_votes,) vote triples; labels : (n_participants,) label of each participant,
    -1 = not counted. Returns int64 (n_labels, n_statements, 3).
    """
    if n_labels == 0 or n_statements == 0:
        return np.zeros((n_labels, n_statements, 3), dtype=np.int64)
    lab = labels[rows]
    keep = lab >= 0
    if not keep.all():
        lab, cols, values = lab[keep], cols[keep], values[keep]
    code = (lab * n_statements + cols) * 3 + _COLUMN[values.astype(np.intp) + 1]
    out = np.bincount(code, minlength=n_labels * n_statements * 3)
    return out.reshape(n_labels, n_statements, 3)


def group_aware_consensus(counts: np.ndarray, column: int = AGREE) -> np.ndarray:
    """GAC(s) = prod_g (A_g + 1) / (S_g + 2)  (Polis's group-informed consensus). Shape (n_statements,).

    With ``column=DISAGREE`` the same product for disagreement (common disagreement)."""
    S = counts.sum(-1)
    return cast(np.ndarray, np.prod((counts[..., column] + 1.0) / (S + 2.0), axis=0))


def agreement_bounds(counts: np.ndarray, level: float, column: int = AGREE) -> tuple[np.ndarray, np.ndarray]:
    """Credible bounds of the share of a group's *decided* votes that agree (or disagree, ``column``).

    Posterior Beta(A + 1, D + 1) under a uniform prior, passes left out (a pass is "no opinion", not a vote
    against). Returns (lower, upper), each (n_groups, n_statements): the (1 - level) and level quantiles,
    so the true share is above ``lower`` with probability ``level`` (and below ``upper`` likewise).
    """
    other = DISAGREE if column == AGREE else AGREE
    a = counts[..., column] + 1.0
    b = counts[..., other] + 1.0
    return betaincinv(a, b, 1.0 - level), betaincinv(a, b, level)


def common_ground_label(
    counts: np.ndarray, *, level: float, threshold: float = 0.5, min_votes: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Common-ground label with uncertainty, over groups (or perspectives).

    True  : every group has >= ``min_votes`` agree-or-disagree votes and, with probability ``level``, more
            than ``threshold`` of its decided votes agree (a majority of every group agrees, and we are sure).
    False : some group, with >= ``min_votes`` decided votes, is surely (probability ``level``) below
            ``threshold``.
    Unsure otherwise ("not enough votes yet"); no groups -> unsure. Small groups and few votes can never
    show as agreement: they fail ``min_votes`` or leave the lower bound low.

    Returns (label int8 (n_statements,) with 1 / 0 / -1 for true / false / unsure,
    lower (n_statements,) smallest lower bound over groups, lower per group (n_groups, n_statements)).
    """
    n_g, n_s = counts.shape[:2]
    if n_g == 0:
        return np.full(n_s, -1, np.int8), np.full(n_s, np.nan), np.zeros((0, n_s))
    lo, hi = agreement_bounds(counts, level)
    enough = (counts[..., AGREE] + counts[..., DISAGREE]) >= min_votes
    is_true = np.all(enough & (lo > threshold), axis=0)
    is_false = np.any(enough & (hi < threshold), axis=0)
    label = np.where(is_true, 1, np.where(is_false, 0, -1)).astype(np.int8)
    return label, lo.min(0), lo


def joint_agreement_probability(
    Y: Any,
    resp: np.ndarray,
    *,
    draws: int = 24,
    seed: int = 0,
    threshold: float = 0.5,
    yt_matmul: Callable[[np.ndarray], np.ndarray] | None = None,
) -> np.ndarray:
    """The probability that **every** group's agreeing share (agree among agree + disagree) is above
    ``threshold``, for every statement, with the uncertainty in who belongs to which group.

    Y : (n_participants, 3 n_statements) one-hot votes (columns agree, disagree, pass per statement; see
    ``matrix.VoteMatrix``); resp : (n_participants, n_groups) membership probabilities (rows of zeros for
    participants in no group; one-hot rows for hard groups). ``draws`` memberships are drawn from ``resp``;
    for each, the groups' shares have independent posteriors
    Beta(A_g + 1, D_g + 1), so the joint probability is the product over groups of P(share_g > threshold),
    exactly; the result is its mean over the draws. With hard memberships it is that product.
    yt_matmul : optional ``U -> Y.T @ U`` (e.g. ``VoteMatrix.Yt_matmul``, which uses every core; the same
    result to the bit). Returns (n_statements,)."""
    from scipy.special import betainc

    n_p, k = resp.shape
    n_s = Y.shape[1] // 3
    if k == 0:
        return np.full(n_s, np.nan)
    product = yt_matmul if yt_matmul is not None else (lambda U: np.asarray(Y.T @ U))
    in_group = resp.sum(1) > 0
    hard = bool(np.all(np.isclose(resp[in_group].max(1), 1.0))) if in_group.any() else True
    b = 1 if hard else draws
    rng = np.random.default_rng(seed)
    if hard:
        C = product(resp).reshape(n_s, 3, 1, k)
    else:
        cum = np.cumsum(resp, axis=1)
        u = rng.random((n_p, b)) * cum[:, -1:]
        lab = (u[:, :, None] > cum[:, None, :]).sum(-1)  # (n_p, b) drawn group
        lab = np.minimum(lab, k - 1)
        # The counts per (statement, value, draw, group) are sums of whole numbers, the same whatever order
        # they are added in. So: everyone is counted once in their most likely group (k columns), and only
        # the draws that put someone elsewhere move their votes, draw by draw (with confident memberships,
        # few). One column per draw and group for every participant took most of the scores' time at 50 M.
        members = np.flatnonzero(in_group)
        base = resp[members].argmax(1)
        fixed = np.zeros((n_p, k))
        fixed[members, base] = 1.0
        C = np.repeat(product(fixed).reshape(n_s * 3, 1, k), b, axis=1)
        moved_p, moved_b = np.nonzero(lab[members] != base[:, None])
        if moved_p.size:
            Ycsr = Y.tocsr()
            who = members[moved_p]
            starts, lens = Ycsr.indptr[who], Ycsr.indptr[who + 1] - Ycsr.indptr[who]
            total = int(lens.sum())
            # the positions in Y of every vote of every moved (participant, draw), in one ragged gather
            at = np.repeat(starts - (np.cumsum(lens) - lens), lens) + np.arange(total)
            cell = (Ycsr.indices[at].astype(np.int64) * b + np.repeat(moved_b, lens)) * k
            w = Ycsr.data[at]
            size = n_s * 3 * b * k
            C += (
                np.bincount(cell + np.repeat(lab[who, moved_b], lens), weights=w, minlength=size)
                - np.bincount(cell + np.repeat(base[moved_p], lens), weights=w, minlength=size)
            ).reshape(n_s * 3, b, k)
        C = C.reshape(n_s, 3, b, k)
    A, D = C[:, 0], C[:, 1]  # (n_s, b, k)
    p_above = betainc(D + 1.0, A + 1.0, 1.0 - threshold)  # P(Beta(A+1, D+1) > t) = I_{1-t}(D+1, A+1)
    return cast(np.ndarray, np.prod(p_above, axis=-1).mean(1))


def _pz(s: np.ndarray, n: np.ndarray) -> np.ndarray:
    """One-proportion z of s successes in n trials against 1/2, with Polis's +1 smoothing."""
    return 2.0 * np.sqrt(n + 1.0) * ((s + 1.0) / (n + 1.0) - 0.5)


def _two_prop_z(s1: np.ndarray, n1: np.ndarray, s2: np.ndarray, n2: np.ndarray) -> np.ndarray:
    """Two-proportion z with +1 added to each of s1, n1, s2, n2."""
    s1, n1, s2, n2 = s1 + 1.0, n1 + 1.0, s2 + 1.0, n2 + 1.0
    p1, p2 = s1 / n1, s2 / n2
    ph = (s1 + s2) / (n1 + n2)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (p1 - p2) / np.sqrt(ph * (1.0 - ph) * (1.0 / n1 + 1.0 / n2))
    return np.nan_to_num(z, nan=0.0, posinf=0.0, neginf=0.0)


def representativeness(counts: np.ndarray) -> dict[str, np.ndarray]:
    """Polis's representativeness of each statement for each group against all the other groups.

    Returns arrays (n_groups, n_statements): ``ratio_agree``, ``ratio_disagree`` (r = p / p_rest),
    ``p_agree``, ``p_disagree``, ``z_agree``, ``z_disagree`` (one-proportion), ``zr_agree``,
    ``zr_disagree`` (two-proportion), and ``score_agree`` / ``score_disagree`` = r * z_r * p * z when both
    z's pass the 90 % threshold, else NaN.
    """
    S = counts.sum(-1).astype(float)
    rest = counts.sum(0, keepdims=True) - counts
    rest_S = rest.sum(-1).astype(float)
    out: dict[str, np.ndarray] = {}
    for name, col in (("agree", AGREE), ("disagree", DISAGREE)):
        n = counts[..., col].astype(float)
        rn = rest[..., col].astype(float)
        p = (n + 1.0) / (S + 2.0)
        r = p / ((1.0 + rn) / (2.0 + rest_S))
        z = _pz(n, S)
        zr = _two_prop_z(n, S, rn, rest_S)
        ok = (z > Z_90) & (zr > Z_90)
        out[f"ratio_{name}"], out[f"p_{name}"], out[f"z_{name}"], out[f"zr_{name}"] = r, p, z, zr
        out[f"score_{name}"] = np.where(ok, r * zr * p * z, np.nan)
    return out


def majority_consensus(overall: np.ndarray) -> dict[str, np.ndarray]:
    """Majority consensus over everyone: for agree and disagree, p = (n+1)/(S+2), z = pz(n, S), and a
    score p * z where p > 0.5 and z > 1.2816 (else NaN). ``overall`` is (n_statements, 3)."""
    S = overall.sum(-1).astype(float)
    out = {}
    for name, col in (("agree", AGREE), ("disagree", DISAGREE)):
        n = overall[:, col].astype(float)
        p = (n + 1.0) / (S + 2.0)
        z = _pz(n, S)
        out[f"p_{name}"], out[f"z_{name}"] = p, z
        out[f"score_{name}"] = np.where((p > 0.5) & (z > Z_90), p * z, np.nan)
    return out


def divisiveness(counts: np.ndarray) -> np.ndarray:
    """How far apart the groups stand: half the range over groups of the smoothed net support
    (A - D) / (S + 2), in [0, 1). 0 when all groups lean the same way equally. Shape (n_statements,)."""
    if counts.shape[0] < 2:
        return np.zeros(counts.shape[1])
    net = (counts[..., AGREE] - counts[..., DISAGREE]) / (counts.sum(-1) + 2.0)
    return cast(np.ndarray, (net.max(0) - net.min(0)) / 2.0)


def _new_boost(S: np.ndarray) -> np.ndarray:
    """1 + 8 * 2^(-S/5): the boost a statement with S votes gets while it is new (Polis's, shared by both
    priorities)."""
    return 1.0 + 8.0 * 2.0 ** (-S / 5.0)


def routing_priority(overall: np.ndarray, extremity: np.ndarray) -> np.ndarray:
    """Polis's priority: [a (1 - p) (1 + E) (1 + 8 * 2^(-S/5))]^2 with a = (A+1)/(S+2), p = (P+1)/(S+2) and
    E the statement's distance from the map's centre. New statements (small S) get a boost that fades
    after a few votes. ``overall`` (n_statements, 3), ``extremity`` (n_statements,)."""
    S = overall.sum(-1).astype(float)
    a = (overall[:, AGREE] + 1.0) / (S + 2.0)
    p = (overall[:, PASS] + 1.0) / (S + 2.0)
    return cast(np.ndarray, (a * (1.0 - p) * (1.0 + extremity) * _new_boost(S)) ** 2)


def balance_priority(overall: np.ndarray) -> np.ndarray:
    """Priority for statements that split the room: [(1 - p) (0.1 + 4 a d) (1 + 8 * 2^(-S/5))]^2 with a and p as
    in :func:`routing_priority` and d = 1 - a - p the disagreeing share, so 4 a d is 1 at an even split and 0
    when everyone agrees. A vote on such a statement says most about which group a participant belongs to."""
    S = overall.sum(-1).astype(float)
    a = (overall[:, AGREE] + 1.0) / (S + 2.0)
    p = (overall[:, PASS] + 1.0) / (S + 2.0)
    split = 4.0 * a * np.clip(1.0 - a - p, 0.0, None)
    return cast(np.ndarray, ((1.0 - p) * (0.1 + split) * _new_boost(S)) ** 2)


def mixed_priority(overall: np.ndarray, extremity: np.ndarray, excluded: np.ndarray | None = None) -> np.ndarray:
    """Half Polis's priority, half :func:`balance_priority`, each normalised to sum to 1 over the statements.

    Drawing in proportion to this is drawing by Polis's priority half the time and by the split half the time.
    Polis's priority favours agreed and new statements, which confirms common ground quickly, but with three or
    more groups it needs more votes than random routing for a stable map; the split finds groups quickly but
    starves agreed statements of votes. Together they need fewer votes than random routing for a stable map at
    every number of groups we simulate, and find common ground as fast as Polis (benchmarks/routing.py,
    docs/decisions/0007-routing.md).
    """
    return _mixed(overall, extremity, excluded)[0]


def mixed_priority_of_new(overall: np.ndarray, extremity: np.ndarray, excluded: np.ndarray | None = None) -> float:
    """The :func:`mixed_priority` a statement with no votes yet (written after this analysis) would have."""
    return _mixed(overall, extremity, excluded)[1]


def _mixed(overall: np.ndarray, extremity: np.ndarray, excluded: np.ndarray | None) -> tuple[np.ndarray, float]:
    keep = np.ones(len(overall), dtype=bool) if excluded is None else ~excluded
    none, centre = np.zeros((1, 3)), np.zeros(1)
    mixed, new = np.zeros(len(overall)), 0.0
    for part, part_of_new in (
        (routing_priority(overall, extremity), routing_priority(none, centre)[0]),
        (balance_priority(overall), balance_priority(none)[0]),
    ):
        part = np.where(keep, part, 0.0)
        total = part.sum() or 1.0
        mixed += part / total / 2.0
        new += part_of_new / total / 2.0
    return mixed, float(new)
