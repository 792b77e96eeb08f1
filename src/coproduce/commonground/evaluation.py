"""Honest evaluation on planted conversations: figures the tests check and the benchmarks print.

* :func:`auc`, :func:`precision_at_k` - how well a score ranks the planted common ground first.
* :func:`score_comparison` - group-aware consensus vs bridging (and our label's lower bound) side by side.
* :func:`label_quality` - recall and false-positive rate of the common-ground label.
* :func:`stability` - share of participants whose (matched) group changes when 1 % more votes arrive.
* :func:`simulate_routing` - votes needed for a stable map under random vs priority routing.

Every function is deterministic given its seeds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from sklearn.metrics import adjusted_rand_score

from .analysis import Analysis, analyse
from .planted import PlantedConversation, planted_conversation
from .votes import Votes

__all__ = [
    "auc",
    "precision_at_k",
    "group_recovery",
    "label_quality",
    "score_comparison",
    "stability",
    "simulate_routing",
]


def auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """Area under the ROC curve: the chance a random positive outranks a random negative (ties count 1/2).
    NaN scores (e.g. "too few votes") rank lowest. ``positive`` is a boolean mask of the same shape."""
    s = np.where(np.isfinite(scores), scores, -np.inf)
    pos, neg = s[positive], s[~positive]
    if pos.size == 0 or neg.size == 0:
        return float("nan")
    # rank-based (Mann-Whitney U), with average ranks for ties
    allv = np.concatenate([pos, neg])
    order = np.argsort(allv, kind="mergesort")
    ranks = np.empty(allv.size)
    sorted_v = allv[order]
    i = 0
    while i < allv.size:
        j = i
        while j + 1 < allv.size and sorted_v[j + 1] == sorted_v[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    u = ranks[: pos.size].sum() - pos.size * (pos.size + 1) / 2.0
    return float(u / (pos.size * neg.size))


def precision_at_k(scores: np.ndarray, positive: np.ndarray, k: int = 10) -> float:
    """Share of planted positives among the ``k`` highest scores (NaN ranks lowest; ties by position)."""
    s = np.where(np.isfinite(scores), scores, -np.inf)
    top = np.lexsort((np.arange(s.size), -s))[:k]
    return float(positive[top].mean()) if top.size else float("nan")


def _truth(planted: PlantedConversation, analysis: Analysis) -> np.ndarray:
    return np.isin(analysis.statement_ids, np.fromiter(planted.common_ground, dtype=np.int64))


def group_recovery(planted: PlantedConversation, analysis: Analysis) -> float:
    """Adjusted Rand index between our groups and the planted ones, over clustered participants."""
    m = analysis.participant_group >= 0
    truth = planted.true_groups[np.asarray(analysis.participant_ids, dtype=np.int64)]
    return float(adjusted_rand_score(truth[m], analysis.participant_group[m])) if m.any() else float("nan")


def label_quality(planted: PlantedConversation, analysis: Analysis) -> dict[str, float]:
    """recall: share of planted common ground labelled true; false_positive_rate: share of the other
    statements labelled true; unsure_common_ground: share of planted common ground labelled "unsure"."""
    truth = _truth(planted, analysis)
    label = analysis.common_ground
    return {
        "recall": float((label[truth] == 1).mean()) if truth.any() else float("nan"),
        "false_positive_rate": float((label[~truth] == 1).mean()) if (~truth).any() else float("nan"),
        "unsure_common_ground": float((label[truth] == -1).mean()) if truth.any() else float("nan"),
        "precision": float(truth[label == 1].mean()) if (label == 1).any() else float("nan"),
    }


def score_comparison(
    n_groups: Sequence[int] = (2, 3, 4, 5, 6),
    seeds: Iterable[int] = range(5),
    *,
    n_participants: int = 500,
    n_statements: int = 100,
    k: int = 10,
    **planted_kwargs: Any,
) -> dict[str, Any]:
    """Group-aware consensus vs bridging vs our label's lower bound on planted conversations.

    For each planted conversation: AUC and precision@k of each score for ranking the planted common ground
    above the other statements, the label's recall / false-positive rate, and the ARI of the groups.
    Returns {"rows": [per conversation], "mean": {figure: mean over rows}, "settings": {...}}.
    """
    seeds = list(seeds)
    rows = []
    for g in n_groups:
        for seed in seeds:
            planted = planted_conversation(n_participants, n_statements, g, seed, **planted_kwargs)
            a = analyse(planted.votes, seed=seed)
            truth = _truth(planted, a)
            row: dict[str, Any] = {
                "n_groups": g,
                "seed": seed,
                "k": a.diagnostics["k"],
                "ari": group_recovery(planted, a),
            }
            for name, score in (("gac", a.gac), ("bridging", a.bridging), ("label_lower", a.common_ground_lower)):
                row[f"auc_{name}"] = auc(score, truth)
                row[f"p_at_{k}_{name}"] = precision_at_k(score, truth, k)
            row.update({f"label_{key}": v for key, v in label_quality(planted, a).items()})
            rows.append(row)
    keys = [key for key in rows[0] if key not in ("n_groups", "seed")] if rows else []
    mean = {key: float(np.nanmean([r[key] for r in rows])) for key in keys}
    return {
        "rows": rows,
        "mean": mean,
        "settings": {
            "n_groups": list(n_groups),
            "seeds": seeds,
            "n_participants": n_participants,
            "n_statements": n_statements,
            "k": k,
            **planted_kwargs,
        },
    }


def stability(planted: PlantedConversation, *, extra_share: float = 0.01, seed: int = 0) -> dict[str, float]:
    """Analyse, add ``extra_share`` more votes at random (new cells, answered like the planted group would),
    re-analyse with ``previous=`` and return the share of participants (clustered both times) whose group
    label changed, plus the ARI between the two groupings."""
    rng = np.random.default_rng(seed)
    v = planted.votes
    first = analyse(v, seed=seed)
    n_new = max(1, int(round(v.n_votes * extra_share)))
    seen = set((v.rows * v.n_statements + v.cols).tolist())
    cells: list[int] = []
    while len(cells) < n_new:
        c = int(rng.integers(v.n_participants * v.n_statements))
        if c not in seen:
            seen.add(c)
            cells.append(c)
    cells_a = np.asarray(cells)
    p, s = cells_a // v.n_statements, cells_a % v.n_statements
    q = planted.agree_probability[planted.true_groups[p], s]
    u = rng.random(p.size)
    new_vals = np.where(u < planted.pass_probability[s], 0, np.where(rng.random(p.size) < q, 1, -1))
    ev_p, ev_s, ev_v = v.events()
    votes2 = Votes.from_events(
        ev_p + p.tolist(),
        ev_s + s.tolist(),
        ev_v + new_vals.tolist(),
        participants=v.participant_ids,
        statements=v.statement_ids,
    )
    second = analyse(votes2, seed=seed, previous=first)
    both = (first.participant_group >= 0) & (second.participant_group >= 0)
    changed = float((first.participant_group[both] != second.participant_group[both]).mean()) if both.any() else 0.0
    return {
        "changed_share": changed,
        "n_new_votes": int(n_new),
        "ari_between": float(adjusted_rand_score(first.participant_group[both], second.participant_group[both])),
    }


def simulate_routing(
    planted: PlantedConversation,
    policy: str = "priority",
    *,
    batch: int | None = None,
    target_ari: float = 0.9,
    max_votes_per_participant: int | None = None,
    seed: int = 0,
    target_common_ground_recall: float = 0.8,
    **analyse_options: Any,
) -> dict[str, Any]:
    """Replay a planted conversation under a routing policy and count the votes needed for a stable map.

    Every participant casts one vote per round on a statement they have not seen, chosen uniformly at random
    (``policy="random"``) or with probability proportional to the engine's routing ``priority`` from the
    latest analysis (``policy="priority"``; ``analyse_options`` such as ``routing="polis"`` choose which
    priority); votes follow the planted probabilities. After each round (``batch`` votes, default one per
    participant) the conversation is re-analysed (warm start), until both targets below are reached. Returns
    {"votes_needed": total votes when the ARI to the planted groups first reached ``target_ari`` (None if
    never), "common_ground_votes_needed": total votes when the common-ground label first found
    ``target_common_ground_recall`` of the planted common-ground statements (None if never),
    "curve": [(votes, ari), ...]}.
    """
    if policy not in ("random", "priority"):
        raise ValueError("policy must be 'random' or 'priority'")
    rng = np.random.default_rng(seed)
    P, S = planted.true_groups.size, planted.agree_probability.shape[1]
    max_votes = min(S, max_votes_per_participant or S)
    seen = np.zeros((P, S), dtype=bool)  # small planted conversations only
    ev_p: list[int] = []
    ev_s: list[int] = []
    ev_v: list[int] = []
    priority = np.ones(S)
    previous = None
    curve = []
    needed = common_ground_needed = None
    planted_common_ground = np.array(sorted(planted.common_ground), dtype=int)
    for _ in range(max_votes):
        for p in rng.permutation(P)[: batch or P]:
            unseen = np.flatnonzero(~seen[p])
            if unseen.size == 0:
                continue
            w = np.ones(unseen.size) if policy == "random" else np.maximum(priority[unseen], 1e-12)
            s = int(rng.choice(unseen, p=w / w.sum()))
            seen[p, s] = True
            g = planted.true_groups[p]
            if rng.random() < planted.pass_probability[s]:
                val = 0
            else:
                val = 1 if rng.random() < planted.agree_probability[g, s] else -1
            ev_p.append(int(p))
            ev_s.append(s)
            ev_v.append(val)
        votes = Votes.from_events(ev_p, ev_s, ev_v, participants=range(P), statements=range(S))
        a = analyse(votes, previous=previous, seed=seed, **analyse_options)
        previous = a
        priority = a.priority
        # Over everyone: a participant not yet placed in a group counts as wrongly placed (label -1), so a map
        # of a few heavy voters is not taken for a stable map of the whole conversation.
        ari = float(adjusted_rand_score(planted.true_groups, a.participant_group))
        curve.append((len(ev_v), ari))
        if needed is None and ari >= target_ari:
            needed = len(ev_v)
        found = (a.common_ground[planted_common_ground] == 1).mean() if planted_common_ground.size else 1.0
        if common_ground_needed is None and found >= target_common_ground_recall:
            common_ground_needed = len(ev_v)
        if needed is not None and common_ground_needed is not None:
            break
    return {
        "policy": policy,
        "votes_needed": needed,
        "common_ground_votes_needed": common_ground_needed,
        "curve": curve,
    }


def near_threshold_conversation(
    n_participants: int = 600, n_statements: int = 120, n_groups: int = 3, seed: int = 0, *, mean_votes: int = 40
) -> tuple[Votes, np.ndarray, np.ndarray, np.ndarray]:
    """A planted conversation for checking the common-ground probability where it is hard: half the statements
    define the groups (each group agrees with probability 0.15 or 0.85), the other half are *near the
    threshold*: a base agreement b ~ U(0.4, 0.8) per statement and each group's agreeing share b + N(0, 0.1)
    (clipped to [0.05, 0.95]), so whether every group agrees by majority is often a close call. Each person
    votes on ``mean_votes`` statements at random (10 % passes). Groups of uneven size.
    Returns (votes, true group per participant, truth (n_statements,) every group's share > 1/2, near mask)."""
    rng = np.random.default_rng(seed)
    P, S, G = n_participants, n_statements, n_groups
    share = 1.0 / (1.0 + 0.5 * np.arange(G))
    groups = rng.choice(G, P, p=share / share.sum())
    near = np.zeros(S, bool)
    near[rng.permutation(S)[: S // 2]] = True
    q = np.where(rng.random((G, S)) < 0.5, 0.15, 0.85)
    b = rng.uniform(0.4, 0.8, S)
    q[:, near] = np.clip(b[near][None, :] + rng.normal(0, 0.1, (G, int(near.sum()))), 0.05, 0.95)
    truth: np.ndarray = np.asarray((q > 0.5).all(0))
    m = min(S, mean_votes)
    keys = rng.random((P, S))
    sid = np.argsort(keys, axis=1)[:, :m].ravel()
    pid = np.repeat(np.arange(P), m)
    is_pass = rng.random(pid.size) < 0.1
    agree = rng.random(pid.size) < q[groups[pid], sid]
    value = np.where(is_pass, 0, np.where(agree, 1, -1))
    votes = Votes.from_events(pid, sid, value, participants=np.arange(P), statements=np.arange(S))
    return votes, np.asarray(groups), truth, near


def calibration(
    n_groups: Sequence[int] = (2, 3, 4), seeds: Iterable[int] = range(6), *, bins: int = 10, **options: Any
) -> dict[str, Any]:
    """Calibration of ``common_ground_probability`` on the near-threshold statements of
    :func:`near_threshold_conversation`: for each probability bin, the mean predicted probability and the
    share of statements where every planted group really agrees by majority; the expected calibration error
    (ECE, the size-weighted mean gap). Also for two cruder figures computed from the same analysis: the
    joint probability with the groups taken as known (hard memberships, no membership uncertainty), and the
    earlier label's per-group figure (the smallest group's probability, as if the groups were independent
    of the question "do they all agree")."""
    from .stats import joint_agreement_probability

    seeds = list(seeds)
    preds: dict[str, list[float]] = {"joint": [], "hard": [], "min_group": []}
    truths: list[bool] = []
    ks = []
    for g in n_groups:
        for seed in seeds:
            votes, _, truth, near = near_threshold_conversation(n_groups=g, seed=seed)
            a = analyse(votes, seed=seed, **options)
            ks.append(a.diagnostics["k"])
            live = near & np.isfinite(a.common_ground_probability)
            preds["joint"] += a.common_ground_probability[live].tolist()
            from .matrix import VoteMatrix

            vm = VoteMatrix(votes.rows, votes.cols, votes.values, votes.n_participants, votes.n_statements)
            gi = np.searchsorted(np.asarray(a.group_ids), a.participant_group)
            resp = np.zeros((votes.n_participants, len(a.group_ids)))
            placed = a.participant_group >= 0
            resp[np.flatnonzero(placed), gi[placed]] = 1.0
            preds["hard"] += joint_agreement_probability(vm.Y, resp)[live].tolist()
            per_group = [joint_agreement_probability(vm.Y, resp[:, [j]]) for j in range(resp.shape[1])]
            preds["min_group"] += np.min(per_group, axis=0)[live].tolist()
            truths += truth[live].tolist()
    y = np.asarray(truths, float)
    out: dict[str, Any] = {"n": int(y.size), "k": ks, "bins": bins}
    edges = np.linspace(0, 1, bins + 1)
    for name, p in preds.items():
        pa = np.asarray(p)
        idx = np.minimum((pa * bins).astype(int), bins - 1)
        table = []
        ece = 0.0
        for b_ in range(bins):
            m = idx == b_
            if m.any():
                gap = abs(pa[m].mean() - y[m].mean())
                ece += m.sum() / y.size * gap
                table.append(
                    {
                        "from": float(edges[b_]),
                        "to": float(edges[b_ + 1]),
                        "n": int(m.sum()),
                        "predicted": float(pa[m].mean()),
                        "observed": float(y[m].mean()),
                    }
                )
        out[name] = {"ece": float(ece), "table": table}
    return out
