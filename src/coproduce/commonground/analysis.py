"""``analyse``: votes in, one versioned, JSON-serialisable :class:`Analysis` out.

Stages (each timed in ``diagnostics.timings``): prepare (drop moderated statements, centre), map (PCA),
clustering (base clusters, groups, stable labels), counts (overall / per group / per perspective), scores
(group-aware consensus, common-ground label, representativeness, consensus, divisiveness, priority),
bridging (matrix factorisation), summaries.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import stats
from .bridging import LAMBDA_FACTOR, LAMBDA_INTERCEPT, Bridging, fit_bridging
from .bridging import MIN_VOTES as BRIDGING_MIN_VOTES
from .groups import Clustering, cluster_positions, match_labels, refine_by_kmeans
from .matrix import VoteMatrix
from .mixture import MixtureGroups, choose_groups, id_keys
from .opinion_map import ZERO_VARIANCE, OpinionMap, opinion_map
from .votes import Votes

__all__ = [
    "Analysis",
    "analyse",
    "POLIS_COMPATIBLE",
    "SCHEMA_VERSION",
    "CG_LEVEL",
    "CG_MIN_VOTES",
    "PERSPECTIVE_MIN_CELL",
]

SCHEMA_VERSION = "1.1"

#: The common-ground label (see docs/decisions/0002-common-ground-label.md): in every group, the share of
#: agree among agree + disagree votes must be above 1/2 with this posterior probability, with at least
#: CG_MIN_VOTES such votes in every group.
CG_LEVEL = 0.8
CG_MIN_VOTES = 5
#: The agreeing share that must be exceeded (1/2).
CG_THRESHOLD = 0.5
#: Per-perspective cells with fewer people are suppressed (null) so that nobody's vote can be singled out: the
#: default of ``analyse(perspective_min_cell=...)``. The platform passes its own small-numbers threshold
#: (coproduce.core.privacy, the SMALL_NUMBERS_THRESHOLD setting); this engine reads no settings.
PERSPECTIVE_MIN_CELL = 5
#: Participants need min(CLUSTER_MIN_VOTES, n_statements) votes to be clustered; if fewer than MIN_CLUSTERED
#: qualify, the ones who voted most are taken.
CLUSTER_MIN_VOTES = 7
MIN_CLUSTERED = 15
#: Below this best silhouette the diagnostics warn that the group structure is weak.
WEAK_SILHOUETTE = 0.25
#: Statements listed as divisive have at least this divisiveness (and CG_MIN_VOTES votes in every group).
DIVISIVE_MIN = 0.25
SUMMARY_TOP = 5
#: Keyword arguments that make the groups follow Polis's published method exactly (2-D, up to 5 groups).
POLIS_COMPATIBLE: dict[str, Any] = {
    "group_model": "kmeans",
    "max_groups": 5,
    "cluster_dims": 2,
    "refine": False,
    "k_by_votes": False,
    "routing": "polis",
}
ROUTING = ("mixed", "polis")
#: How groups are found: "mixture" (default: a mixture model of the votes, k by held-out likelihood and a null
#: model, see :mod:`~coproduce.commonground.mixture`) or "kmeans" (Polis's k-means on the map, k by silhouette;
#: with ``cluster_dims``, ``refine`` and ``k_by_votes`` the engine's earlier default, or Polis's own method
#: with POLIS_COMPATIBLE).
GROUP_MODELS = ("mixture", "kmeans")
DIVISIVE_TOP = 10
#: refine_by_kmeans's sweep limit (reaching it means it did not converge)
REFINE_MAX_ITER = 10


# --------------------------------------------------------------------------------------------- results
@dataclass(eq=False)
class Analysis:
    """The result of :func:`analyse`. Arrays are indexed like ``participant_ids`` / ``statement_ids``;
    ``group_ids`` index the first axis of ``group_counts`` and friends (likewise ``perspective_ids``).

    Null conventions: float NaN = null; ``participant_group`` -1 = not clustered; labels are int8 with
    1 = true, 0 = false, -1 = unsure (null); suppressed perspective counts are -1.
    """

    schema_version: str
    participant_ids: np.ndarray  # (n_p,) ids as given
    statement_ids: np.ndarray  # (n_s,)
    # participants
    participant_group: np.ndarray  # (n_p,) int64 group label, -1 = not clustered
    participant_xy: np.ndarray  # (n_p, 2) NaN when the participant has no vote on a mapped statement
    participant_votes: np.ndarray  # (n_p,) votes on statements in the analysis (passes count)
    participant_clustered: np.ndarray  # (n_p,) bool
    participant_perspective: list[str | None] | None
    # statements
    excluded: np.ndarray  # (n_s,) bool, moderated out
    statement_xy: np.ndarray  # (n_s, 2) NaN for excluded / unvoted
    counts: np.ndarray  # (n_s, 3) int [agree, disagree, pass], everyone
    group_ids: list[int]
    group_counts: np.ndarray  # (n_g, n_s, 3), clustered members only
    group_agree_lower: np.ndarray  # (n_g, n_s) lower credible bound of each group's agreeing share
    repness_agree: np.ndarray  # (n_g, n_s) representativeness ratio r for agree
    repness_disagree: np.ndarray  # (n_g, n_s)
    perspective_ids: list[str]
    perspective_counts: np.ndarray  # (n_q, n_s, 3), -1 where the cell has fewer than perspective_min_cell people
    gac: np.ndarray  # (n_s,) group-aware consensus, NaN for excluded
    gac_disagree: np.ndarray  # (n_s,) the same product for disagreement
    common_ground: np.ndarray  # (n_s,) int8 label
    common_ground_lower: np.ndarray  # (n_s,) min over groups of the lower bound
    common_ground_probability: np.ndarray  # (n_s,) P(every group agrees by majority), NaN for excluded
    common_disagreement: np.ndarray  # (n_s,) int8 label
    perspective_common_ground: np.ndarray  # (n_s,) int8 label across perspectives
    bridging: np.ndarray  # (n_s,) intercept, NaN if too few votes
    bridging_factor: np.ndarray  # (n_s,)
    divisiveness: np.ndarray  # (n_s,)
    priority: np.ndarray  # (n_s,)
    groups: list[dict[str, Any]]  # [{"id", "size", "centre": [x, y]}]
    perspectives: list[dict[str, Any]]  # [{"id", "size"}]
    summaries: dict[str, Any]
    diagnostics: dict[str, Any]
    state: dict[str, Any] = field(default_factory=dict)

    # ------------------------------------------------------------------------------ convenience
    def group_of(self, participant_id: Hashable) -> int | None:
        idx = _id_positions(self.participant_ids).get(participant_id)
        if idx is None or self.participant_group[idx] < 0:
            return None
        return int(self.participant_group[idx])

    def statement_index(self) -> dict[Any, int]:
        return _id_positions(self.statement_ids)

    # ------------------------------------------------------------------------------ serialisation
    def to_dict(self) -> dict[str, Any]:
        """The ``analysis.json`` document (see docs/engine.md for every field)."""
        pids = self.participant_ids.tolist()
        px, py = _floats(self.participant_xy[:, 0]), _floats(self.participant_xy[:, 1])
        groups = self.participant_group.tolist()
        votes = self.participant_votes.tolist()
        clustered = self.participant_clustered.tolist()
        persp = self.participant_perspective or [None] * len(pids)
        participants = [
            {
                "id": pids[i],
                "group": (groups[i] if groups[i] >= 0 else None),
                "x": px[i],
                "y": py[i],
                "clustered": clustered[i],
                "votes": votes[i],
                "perspective": persp[i],
            }
            for i in range(len(pids))
        ]
        sids = self.statement_ids.tolist()
        cnt = self.counts.tolist()
        sx, sy = _floats(self.statement_xy[:, 0]), _floats(self.statement_xy[:, 1])
        gcnt = self.group_counts.tolist()
        glo = [_floats(row) for row in self.group_agree_lower]
        ra = [_floats(row) for row in self.repness_agree]
        rd = [_floats(row) for row in self.repness_disagree]
        qcnt = self.perspective_counts.tolist()
        cols = {
            name: _floats(getattr(self, name))
            for name in (
                "gac",
                "gac_disagree",
                "common_ground_lower",
                "common_ground_probability",
                "bridging",
                "bridging_factor",
                "divisiveness",
                "priority",
            )
        }
        labels = {
            name: _labels(getattr(self, name))
            for name in ("common_ground", "common_disagreement", "perspective_common_ground")
        }
        excluded = self.excluded.tolist()
        statements = []
        for j, sid in enumerate(sids):
            a, d, p = cnt[j]
            statements.append(
                {
                    "id": sid,
                    "excluded": excluded[j],
                    "x": sx[j],
                    "y": sy[j],
                    "agree": a,
                    "disagree": d,
                    "pass": p,
                    "votes": a + d + p,
                    "group_aware_consensus": cols["gac"][j],
                    "group_aware_disagreement": cols["gac_disagree"][j],
                    "common_ground": labels["common_ground"][j],
                    "common_ground_lower": cols["common_ground_lower"][j],
                    "common_ground_probability": cols["common_ground_probability"][j],
                    "common_disagreement": labels["common_disagreement"][j],
                    "bridging": cols["bridging"][j],
                    "bridging_factor": cols["bridging_factor"][j],
                    "divisiveness": cols["divisiveness"][j],
                    "priority": cols["priority"][j],
                    "groups": [
                        {
                            "group": g,
                            "agree": gcnt[gi][j][0],
                            "disagree": gcnt[gi][j][1],
                            "pass": gcnt[gi][j][2],
                            "agree_lower": glo[gi][j],
                            "representativeness": {"agree": ra[gi][j], "disagree": rd[gi][j]},
                        }
                        for gi, g in enumerate(self.group_ids)
                    ],
                    "perspectives": [
                        {"perspective": q, **_suppressed(qcnt[qi][j])} for qi, q in enumerate(self.perspective_ids)
                    ],
                    "perspective_common_ground": labels["perspective_common_ground"][j],
                }
            )
        return {
            "schema_version": self.schema_version,
            "participants": participants,
            "statements": statements,
            "groups": [dict(g) for g in self.groups],
            "perspectives": [dict(q) for q in self.perspectives],
            "summaries": self.summaries,
            "diagnostics": self.diagnostics,
            "state": self.state,
        }

    def to_json(self, **kwargs: Any) -> str:
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), allow_nan=False, **kwargs)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Analysis:
        """Inverse of :meth:`to_dict` (``Analysis.from_dict(a.to_dict()).to_dict() == a.to_dict()``)."""
        if str(d.get("schema_version", "")).split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise ValueError(f"analysis schema {d.get('schema_version')!r} is not {SCHEMA_VERSION}")
        P, S = d["participants"], d["statements"]
        group_ids = [g["id"] for g in d["groups"]]
        persp_ids = [q["id"] for q in d.get("perspectives", [])]

        def arr(rows: list[Mapping[str, Any]], key: str, dtype: Any = float) -> np.ndarray:
            return np.array([_nan(r.get(key)) for r in rows], dtype=dtype) if rows else np.zeros(0, dtype)

        def per_group(key: str, sub: str | None = None) -> np.ndarray:
            out = np.full((len(group_ids), len(S)), np.nan)
            for j, s in enumerate(S):
                for gi, g in enumerate(s.get("groups", [])):
                    v = g[key] if sub is None else g[key][sub]
                    out[gi, j] = _nan(v)
            return out

        gcounts = np.zeros((len(group_ids), len(S), 3), dtype=np.int64)
        qcounts = np.full((len(persp_ids), len(S), 3), -1, dtype=np.int64)
        for j, s in enumerate(S):
            for gi, g in enumerate(s.get("groups", [])):
                gcounts[gi, j] = (g["agree"], g["disagree"], g["pass"])
            for qi, q in enumerate(s.get("perspectives", [])):
                if q["agree"] is not None:
                    qcounts[qi, j] = (q["agree"], q["disagree"], q["pass"])
        persp = [p.get("perspective") for p in P]
        return cls(
            schema_version=d["schema_version"],
            participant_ids=_id_array([p["id"] for p in P]),
            statement_ids=_id_array([s["id"] for s in S]),
            participant_group=np.array([-1 if p["group"] is None else p["group"] for p in P], dtype=np.int64),
            participant_xy=np.column_stack([arr(P, "x"), arr(P, "y")]) if P else np.zeros((0, 2)),
            participant_votes=np.array([p.get("votes", 0) for p in P], dtype=np.int64),
            participant_clustered=np.array([bool(p.get("clustered", p["group"] is not None)) for p in P], bool),
            participant_perspective=persp if any(x is not None for x in persp) else None,
            excluded=np.array([bool(s["excluded"]) for s in S], dtype=bool),
            statement_xy=np.column_stack([arr(S, "x"), arr(S, "y")]) if S else np.zeros((0, 2)),
            counts=np.array([(s["agree"], s["disagree"], s["pass"]) for s in S], dtype=np.int64).reshape(-1, 3),
            group_ids=group_ids,
            group_counts=gcounts,
            group_agree_lower=per_group("agree_lower"),
            repness_agree=per_group("representativeness", "agree"),
            repness_disagree=per_group("representativeness", "disagree"),
            perspective_ids=persp_ids,
            perspective_counts=qcounts,
            gac=arr(S, "group_aware_consensus"),
            gac_disagree=arr(S, "group_aware_disagreement"),
            common_ground=_label_array([s["common_ground"] for s in S]),
            common_ground_lower=arr(S, "common_ground_lower"),
            common_ground_probability=arr(S, "common_ground_probability"),
            common_disagreement=_label_array([s.get("common_disagreement") for s in S]),
            perspective_common_ground=_label_array([s.get("perspective_common_ground") for s in S]),
            bridging=arr(S, "bridging"),
            bridging_factor=arr(S, "bridging_factor"),
            divisiveness=arr(S, "divisiveness"),
            priority=arr(S, "priority"),
            groups=[dict(g) for g in d["groups"]],
            perspectives=[dict(q) for q in d.get("perspectives", [])],
            summaries=dict(d.get("summaries", {})),
            diagnostics=dict(d.get("diagnostics", {})),
            state=dict(d.get("state", {})),
        )

    @classmethod
    def from_json(cls, text: str) -> Analysis:
        return cls.from_dict(json.loads(text))


def _floats(a: np.ndarray | Sequence[float]) -> list[float | None]:
    return [None if (v != v or v in (math.inf, -math.inf)) else v for v in np.asarray(a, float).tolist()]


def _labels(a: np.ndarray) -> list[bool | None]:
    return [None if v < 0 else bool(v) for v in a.tolist()]


def _label_array(values: Iterable[bool | None]) -> np.ndarray:
    return np.array([-1 if v is None else int(bool(v)) for v in values], dtype=np.int8)


def _nan(v: Any) -> float:
    return np.nan if v is None else v


def _suppressed(c: list[int]) -> dict[str, int | None]:
    if c[0] < 0:
        return {"agree": None, "disagree": None, "pass": None}
    return {"agree": c[0], "disagree": c[1], "pass": c[2]}


def _id_array(ids: list[Any]) -> np.ndarray:
    out = np.empty(len(ids), dtype=object)
    out[:] = ids
    if ids and all(type(x) is int for x in ids):
        return out.astype(np.int64)
    return out


def _id_positions(ids: np.ndarray) -> dict[Any, int]:
    return {x: i for i, x in enumerate(ids.tolist())}


# --------------------------------------------------------------------------------------------- analyse
def analyse(
    votes: Votes,
    *,
    excluded: Iterable[Hashable] = frozenset(),
    perspectives: Mapping[Hashable, str] | None = None,
    previous: Analysis | Mapping[str, Any] | None = None,
    seed: int = 0,
    max_groups: int = 6,
    cluster_dims: int = 5,
    refine: bool = True,
    k_by_votes: bool = True,
    routing: str = "mixed",
    perspective_min_cell: int = PERSPECTIVE_MIN_CELL,
    group_model: str = "mixture",
) -> Analysis:
    """Analyse a conversation.

    Parameters
    ----------
    votes : the latest votes (see :class:`Votes`; +1 agree, -1 disagree, 0 pass).
    excluded : statement ids moderated out: left out of the map, groups and every score, still listed (with
        their raw counts) and flagged ``excluded``. Unknown ids are ignored.
    perspectives : {participant id: declared perspective, e.g. "patient"}; used only to *show* agreement
        across perspectives (counts per perspective, cells under ``perspective_min_cell`` people suppressed),
        never to weight votes.
    previous : an earlier Analysis (or its dict) of the same conversation: warm start for the map and the
        clustering, smoothing of the number of groups, and group labels matched to the earlier ones.
    seed : seeds every random choice; the same input and seed give the same result.
    max_groups : upper bound on the number of opinion groups (Polis uses 5; we allow 6).
    cluster_dims : principal axes used to find groups (the map shows the first two). Polis uses 2; we use 5
        by default because k groups need k - 1 axes to be told apart.
    refine : after the Polis-style clustering, refine memberships by missing-aware k-means on the full vote
        matrix (see :func:`~coproduce.commonground.groups.refine_by_kmeans`).
    k_by_votes : choose the number of groups by the silhouette in which every participant counts as many
        times as they voted (Polis: once each), so that light voters, whose positions are mostly noise, do
        not decide how many groups there are (see :func:`~coproduce.commonground.groups.cluster_positions`).
    routing : the routing priority: "mixed" (half Polis's priority, half statements that split the room; see
        :func:`~coproduce.commonground.stats.mixed_priority`) or "polis" (Polis's priority alone).
    perspective_min_cell : per-perspective sizes, counts and scores of fewer people than this are suppressed
        (the small-numbers threshold; the platform passes its setting's value).
    ``analyse(votes, **POLIS_COMPATIBLE)`` clusters and routes exactly as Polis describes (2 axes, up to 5 groups).
    """
    if group_model not in GROUP_MODELS:
        raise ValueError(f"group_model must be one of {', '.join(GROUP_MODELS)}, not {group_model!r}")
    if routing not in ROUTING:
        raise ValueError(f"routing must be one of {', '.join(ROUTING)}, not {routing!r}")
    if perspective_min_cell < 1:
        raise ValueError(f"perspective_min_cell must be at least 1, not {perspective_min_cell!r}")
    t_start = time.perf_counter()
    timings: dict[str, float] = {}
    if isinstance(previous, Mapping):
        previous = Analysis.from_dict(previous)

    t = time.perf_counter()
    prep = _prepare(votes, excluded)
    timings["prepare"] = time.perf_counter() - t

    t = time.perf_counter()
    omap = _map_stage(votes, prep, previous, seed=seed, cluster_dims=cluster_dims)
    timings["map"] = time.perf_counter() - t

    t = time.perf_counter()
    grp = _group_stage(
        votes,
        prep,
        omap,
        previous,
        seed=seed,
        max_groups=max_groups,
        refine=refine,
        k_by_votes=k_by_votes,
        group_model=group_model,
    )
    timings["clustering"] = time.perf_counter() - t

    t = time.perf_counter()
    cnt = _count_stage(votes, prep, grp, perspectives, perspective_min_cell)
    timings["counts"] = time.perf_counter() - t

    t = time.perf_counter()
    sc = _score_stage(prep, omap, cnt, grp, routing=routing, seed=seed)
    timings["scores"] = time.perf_counter() - t

    t = time.perf_counter()
    br = _bridging_stage(votes, prep, omap, previous)
    timings["bridging"] = time.perf_counter() - t

    t = time.perf_counter()
    summ = _summary_stage(votes, prep, omap, grp, cnt, sc)
    timings["summaries"] = time.perf_counter() - t

    return _assemble(
        votes,
        prep,
        omap,
        grp,
        cnt,
        sc,
        br,
        summ,
        timings=timings,
        t_start=t_start,
        seed=seed,
        max_groups=max_groups,
        cluster_dims=cluster_dims,
        k_by_votes=k_by_votes,
        routing=routing,
        group_model=group_model,
    )


# --------------------------------------------------------------------------------------------- stages
# Each stage takes the earlier stages' results and returns its own as a small dataclass. Shapes: n_p
# participants, n_s statements (all of them, moderated-out ones included), n_g groups, n_q perspectives,
# d = cluster_dims map axes. Positions on the map have no unit (principal-component scores of the centred
# vote matrix, votes being +1 agree / -1 disagree / 0 pass).


@dataclass(eq=False)
class _Prepared:
    """The vote matrix without moderated-out statements.

    excl : (n_s,) bool, moderated out. rows_all / cols_all / vals_all : (n_votes,) every vote (participant
    index, statement index, value in {-1, 0, +1}); rows / cols / vals : the same without votes on excluded
    statements. vm : :class:`VoteMatrix` of the kept votes. n_votes_p : (n_p,) kept votes per participant;
    n_votes_s : (n_s,) votes per statement (0 for excluded); in_map : (n_s,) bool, not excluded and voted on.
    """

    excl: np.ndarray
    rows_all: np.ndarray
    cols_all: np.ndarray
    vals_all: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray
    vm: VoteMatrix
    n_votes_p: np.ndarray
    n_votes_s: np.ndarray
    in_map: np.ndarray
    n_in_map: int


def _prepare(votes: Votes, excluded: Iterable[Hashable]) -> _Prepared:
    """Drop votes on moderated-out statements and build the (n_p, n_s) vote matrix."""
    sid_list = votes.statement_ids.tolist()
    excluded_set = set(excluded)
    excl = np.fromiter((s in excluded_set for s in sid_list), dtype=bool, count=votes.n_statements)
    rows_all, cols_all, vals_all = votes.rows, votes.cols, votes.values
    if excl.any():
        keep = ~excl[cols_all]
        rows, cols, vals = rows_all[keep], cols_all[keep], vals_all[keep]
    else:
        rows, cols, vals = rows_all, cols_all, vals_all
    vm = VoteMatrix(rows, cols, vals, votes.n_participants, votes.n_statements)
    n_votes_s = vm.counts.sum(1)
    in_map = (~excl) & (n_votes_s > 0)
    return _Prepared(
        excl=excl,
        rows_all=rows_all,
        cols_all=cols_all,
        vals_all=vals_all,
        rows=rows,
        cols=cols,
        vals=vals,
        vm=vm,
        n_votes_p=vm.n_votes,
        n_votes_s=n_votes_s,
        in_map=in_map,
        n_in_map=int(in_map.sum()),
    )


@dataclass(eq=False)
class _MapStage:
    """omap : the fitted :class:`OpinionMap`. pfull : (n_p, d) positions the groups are found in; pxy :
    (n_p, 2) the map (first two axes); sxy : (n_s, 2) statement positions, NaN when not in the map.
    prev_state : the previous analysis's warm-start state when it fits this run, else {}."""

    omap: OpinionMap
    pfull: np.ndarray
    pxy: np.ndarray
    sxy: np.ndarray
    prev_state: Mapping[str, Any]


def _map_stage(votes: Votes, prep: _Prepared, previous: Analysis | None, *, seed: int, cluster_dims: int) -> _MapStage:
    """The opinion map (PCA of the vote matrix), warm-started from the previous analysis's components."""
    prev_state: Mapping[str, Any] = previous.state if previous is not None else {}
    if prev_state and not _state_fits(prev_state, cluster_dims):
        # Written by another engine version or other settings: start the map and the clusters afresh (group
        # labels are still matched to the previous analysis by membership below).
        prev_state = {}
    prev_comps = None
    if previous is not None and prev_state.get("components"):
        prev_pos = previous.statement_index()
        pc = np.asarray([[np.nan if v is None else v for v in row] for row in prev_state["components"]], float)
        idx = np.array([prev_pos.get(s, -1) for s in votes.statement_ids.tolist()], dtype=np.int64)
        if pc.ndim == 2 and pc.shape[1] > 0:  # an analysis of no statements has nothing to start from
            prev_comps = np.where(idx >= 0, pc[:, np.maximum(idx, 0)], np.nan)
    omap = opinion_map(
        prep.vm, max(prep.n_in_map, 1), previous_components=prev_comps, seed=seed, n_components=cluster_dims
    )
    pfull = omap.participant_xy  # (n_p, cluster_dims): groups are found in all of these axes
    sxy = np.where(prep.in_map[:, None], omap.statement_xy[:, :2], np.nan)
    return _MapStage(omap=omap, pfull=pfull, pxy=pfull[:, :2], sxy=sxy, prev_state=prev_state)


@dataclass(eq=False)
class _GroupStage:
    """Opinion groups. has_votes / clustered : (n_p,) bool; k : number of groups; clus : the clustering
    (None when there was nothing to cluster or everyone sits at one point); refine_iters : k-means sweeps;
    group_ids : the n_g labels, sorted; participant_gi : (n_p,) position in group_ids, -1 = none;
    participant_group : (n_p,) label, -1 = none; messages : notes for the diagnostics."""

    has_votes: np.ndarray
    clustered: np.ndarray
    k: int
    clus: Clustering | None
    refine_iters: int
    group_ids: list[int]
    participant_gi: np.ndarray
    participant_group: np.ndarray
    messages: list[str]
    mix: MixtureGroups | None = None
    refine_converged: bool = True
    #: (n_p, n_g) soft memberships (columns in group_ids order); None when groups are hard (k-means)
    resp: np.ndarray | None = None


def _group_stage(
    votes: Votes,
    prep: _Prepared,
    omap: _MapStage,
    previous: Analysis | None,
    *,
    seed: int,
    max_groups: int,
    refine: bool,
    k_by_votes: bool,
    group_model: str = "mixture",
) -> _GroupStage:
    """Choose who is clustered, find the groups, and label them (matched to the previous analysis, else
    numbered by size, 0 = largest)."""
    n_p = votes.n_participants
    n_votes_p = prep.n_votes_p
    messages: list[str] = []
    has_votes = n_votes_p > 0
    clustered = has_votes & (n_votes_p >= min(CLUSTER_MIN_VOTES, prep.n_in_map))
    if clustered.sum() < MIN_CLUSTERED:
        order = np.argsort(-n_votes_p, kind="stable")[:MIN_CLUSTERED]
        clustered = np.zeros(n_p, dtype=bool)
        clustered[order[n_votes_p[order] > 0]] = True
    c_idx = np.flatnonzero(clustered)
    degenerate = omap.omap.total_variance <= ZERO_VARIANCE * max(1, prep.vals.size)
    group_index = np.full(n_p, -1, dtype=np.int64)  # 0..k-1 before labelling
    refine_iters = 0
    refine_converged = True
    clus: Clustering | None = None
    mix: MixtureGroups | None = None
    resp_full: np.ndarray | None = None
    if c_idx.size == 0:
        k = 0
        messages.append("no votes yet: no map and no groups")
    elif degenerate:
        k = 1
        group_index[c_idx] = 0
        messages.append("everyone voted the same way on every statement: one group")
    elif group_model == "mixture":
        prev_labels = None
        if previous is not None and previous.participant_ids.size:
            prev_pos = _id_positions(previous.participant_ids)
            pidx = np.array([prev_pos.get(p, -1) for p in votes.participant_ids[c_idx].tolist()], dtype=np.int64)
            prev_labels = np.where(pidx >= 0, previous.participant_group[np.maximum(pidx, 0)], -1)
        mix = choose_groups(
            prep.vm,
            c_idx,
            omap.pfull[c_idx],
            seed=seed,
            max_groups=max_groups,
            previous=omap.prev_state if previous is not None else None,
            previous_labels=prev_labels,
            participant_keys=id_keys(votes.participant_ids[c_idx].tolist()),
            statement_keys=id_keys(votes.statement_ids.tolist()),
        )
        k = mix.k
        group_index[c_idx] = mix.labels
        resp_full = np.zeros((n_p, k))
        resp_full[c_idx] = mix.resp
        if k == 1:
            messages.append("no clear opinion groups yet: one group")
    else:
        clus = cluster_positions(
            omap.pfull[c_idx],
            seed=seed,
            max_groups=max_groups,
            previous=omap.prev_state,
            silhouette_weights=n_votes_p[c_idx] if k_by_votes else None,
        )
        k = clus.k
        group_index[c_idx] = clus.labels
        if refine and k >= 2:
            group_index, refine_iters = refine_by_kmeans(prep.vm, group_index, k)
            refine_converged = refine_iters < REFINE_MAX_ITER
        if k == 1:
            messages.append("all clustered participants sit at one point of the map: one group")
    # labels: matched to the previous analysis, else numbered by size (0 = largest)
    if k:
        sizes = np.bincount(group_index[c_idx], minlength=k)
        if previous is not None and previous.participant_ids.size:
            prev_pos = _id_positions(previous.participant_ids)
            idx = np.array([prev_pos.get(p, -1) for p in votes.participant_ids.tolist()], dtype=np.int64)
            old = np.where(idx >= 0, previous.participant_group[np.maximum(idx, 0)], -1)
            label_of = match_labels(group_index, old, k)
        else:
            order = np.lexsort((np.arange(k), -sizes))
            label_of = np.empty(k, dtype=np.int64)
            label_of[order] = np.arange(k)
    else:
        label_of = np.zeros(0, dtype=np.int64)
    group_ids: list[int] = sorted(label_of.tolist())
    # gi: position in group_ids of each group index
    gi_of = np.searchsorted(np.asarray(group_ids, dtype=np.int64), label_of) if k else label_of
    participant_gi = np.where(group_index >= 0, gi_of[np.maximum(group_index, 0)] if k else -1, -1)
    participant_group = np.where(group_index >= 0, label_of[np.maximum(group_index, 0)] if k else -1, -1)
    return _GroupStage(
        has_votes=has_votes,
        clustered=clustered,
        k=k,
        clus=clus,
        refine_iters=refine_iters,
        group_ids=group_ids,
        participant_gi=participant_gi,
        participant_group=participant_group,
        messages=messages,
        mix=mix,
        refine_converged=refine_converged,
        resp=(resp_full[:, np.argsort(label_of)] if resp_full is not None else None),
    )


@dataclass(eq=False)
class _CountStage:
    """Vote counts, int64 [agree, disagree, pass] in the last axis. overall : (n_s, 3) everyone (moderated-out
    statements included); group_counts : (n_g, n_s, 3) clustered members only; persp_ids : the n_q declared
    perspectives, sorted; persp_of : each participant's perspective (None when none were given);
    persp_counts : (n_q, n_s, 3) unsuppressed; persp_sizes : (n_q,) people per perspective; min_cell : the
    small-numbers threshold under which later stages suppress a perspective's figures."""

    overall: np.ndarray
    group_counts: np.ndarray
    persp_ids: list[str]
    persp_of: list[str | None] | None
    persp_counts: np.ndarray
    persp_sizes: np.ndarray
    min_cell: int


def _count_stage(
    votes: Votes, prep: _Prepared, grp: _GroupStage, perspectives: Mapping[Hashable, str] | None, min_cell: int
) -> _CountStage:
    """Counts overall, per group and per perspective, each with one ``bincount``."""
    n_s = votes.n_statements
    n_g = len(grp.group_ids)
    # one bincount: groups 0..n_g-1, and everyone else as an extra row, so the overall count is the sum
    lab = np.where(grp.participant_gi >= 0, grp.participant_gi, n_g)
    both = stats.count_votes(prep.rows_all, prep.cols_all, prep.vals_all, lab, n_g + 1, n_s)
    persp_ids: list[str] = []
    persp_of: list[str | None] | None = None
    persp_counts = np.zeros((0, n_s, 3), dtype=np.int64)
    persp_sizes = np.zeros(0, dtype=np.int64)
    if perspectives:
        persp_of = [perspectives.get(p) for p in votes.participant_ids.tolist()]
        persp_ids = sorted({q for q in persp_of if q is not None}, key=str)
        qpos = {q: i for i, q in enumerate(persp_ids)}
        qlab = np.array([-1 if q is None else qpos[q] for q in persp_of], dtype=np.int64)
        persp_counts = stats.count_votes(prep.rows, prep.cols, prep.vals, qlab, len(persp_ids), n_s)
        persp_sizes = np.bincount(qlab[qlab >= 0], minlength=len(persp_ids))
    return _CountStage(
        overall=both.sum(0),
        group_counts=both[:n_g],
        persp_ids=persp_ids,
        persp_of=persp_of,
        persp_counts=persp_counts,
        persp_sizes=persp_sizes,
        min_cell=min_cell,
    )


@dataclass(eq=False)
class _ScoreStage:
    """Per-statement scores, (n_s,) NaN (or label -1) for excluded statements. gac / gac_d : group-aware
    consensus for agree / disagree, in [0, 1]; cg / cd : common-ground / common-disagreement labels (int8);
    cg_lower : min over groups of the lower credible bound of the agreeing share; g_lower : (n_g, n_s) those
    bounds; rep : representativeness arrays, each (n_g, n_s); maj : majority-consensus arrays, each (n_s,);
    div : divisiveness in [0, 1); priority : routing weight; priority_of_new : the weight a new statement
    gets; q_cg : common-ground label across perspectives; nan_excl : (n_s,) NaN where excluded, else 1."""

    gac: np.ndarray
    gac_d: np.ndarray
    cg: np.ndarray
    cg_prob: np.ndarray
    cg_lower: np.ndarray
    g_lower: np.ndarray
    cd: np.ndarray
    rep: dict[str, np.ndarray]
    maj: dict[str, np.ndarray]
    div: np.ndarray
    priority: np.ndarray
    priority_of_new: float
    q_cg: np.ndarray
    nan_excl: np.ndarray


def _score_stage(
    prep: _Prepared, omap: _MapStage, cnt: _CountStage, grp: _GroupStage, *, routing: str, seed: int = 0
) -> _ScoreStage:
    """Group-aware consensus, the common-ground label, representativeness, consensus, divisiveness and the
    routing priority."""
    excl = prep.excl
    n_s = excl.size
    n_g = cnt.group_counts.shape[0]
    group_counts = cnt.group_counts
    nan_excl = np.where(excl, np.nan, 1.0)
    gac = stats.group_aware_consensus(group_counts) * nan_excl if n_g else np.full(n_s, np.nan)
    gac_d = stats.group_aware_consensus(group_counts, stats.DISAGREE) * nan_excl if n_g else np.full(n_s, np.nan)
    cg, cg_lower, g_lower = stats.common_ground_label(
        group_counts, level=CG_LEVEL, threshold=CG_THRESHOLD, min_votes=CG_MIN_VOTES
    )
    cd, _, _ = stats.common_ground_label(
        _swap_agree_disagree(group_counts), level=CG_LEVEL, threshold=CG_THRESHOLD, min_votes=CG_MIN_VOTES
    )
    # The label's probability: that *every* group agrees by majority, with membership uncertainty
    # (docs/decisions/0002-common-ground-label.md). Common ground when it reaches CG_LEVEL and every group
    # has CG_MIN_VOTES decided votes; "false" (some group surely does not agree) as before.
    if n_g:
        resp = grp.resp
        if resp is None:
            resp = np.zeros((grp.participant_gi.size, n_g))
            placed = grp.participant_gi >= 0
            resp[np.flatnonzero(placed), grp.participant_gi[placed]] = 1.0
        cg_prob = stats.joint_agreement_probability(
            prep.vm.Y, resp, seed=seed, threshold=CG_THRESHOLD, yt_matmul=prep.vm.Yt_matmul
        )
        enough = ((group_counts[..., stats.AGREE] + group_counts[..., stats.DISAGREE]) >= CG_MIN_VOTES).all(0)
        cg = np.where(enough & (cg_prob >= CG_LEVEL), 1, np.where(cg == 0, 0, -1)).astype(np.int8)
    else:
        cg_prob = np.full(n_s, np.nan)
    cg_prob = np.where(excl, np.nan, cg_prob)
    cg[excl], cd[excl] = -1, -1
    cg_lower = np.where(excl, np.nan, cg_lower)
    rep = stats.representativeness(group_counts)
    maj = stats.majority_consensus(cnt.overall)
    div = np.where(excl, np.nan, stats.divisiveness(group_counts))
    extremity = np.nan_to_num(np.hypot(omap.sxy[:, 0], omap.sxy[:, 1]))
    if routing == "mixed":
        priority = stats.mixed_priority(cnt.overall, extremity, excluded=excl)
        priority_of_new = stats.mixed_priority_of_new(cnt.overall, extremity, excluded=excl)
    else:
        priority = np.where(excl, 0.0, stats.routing_priority(cnt.overall, extremity))
        priority_of_new = float(stats.routing_priority(np.zeros((1, 3)), np.zeros(1))[0])
    if cnt.persp_ids:
        q_cg, _, _ = stats.common_ground_label(
            cnt.persp_counts, level=CG_LEVEL, threshold=CG_THRESHOLD, min_votes=max(CG_MIN_VOTES, cnt.min_cell)
        )
        q_cg[excl] = -1
    else:
        q_cg = np.full(n_s, -1, dtype=np.int8)
    return _ScoreStage(
        gac=gac,
        gac_d=gac_d,
        cg=cg,
        cg_prob=cg_prob,
        cg_lower=cg_lower,
        g_lower=g_lower,
        cd=cd,
        rep=rep,
        maj=maj,
        div=div,
        priority=priority,
        priority_of_new=priority_of_new,
        q_cg=q_cg,
        nan_excl=nan_excl,
    )


@dataclass(eq=False)
class _BridgingStage:
    """fit : the matrix factorisation; bridging / bridging_factor : (n_s,) statement intercept and factor
    (on the vote scale, -1..+1), NaN for excluded statements and those with too few votes."""

    fit: Bridging
    bridging: np.ndarray
    bridging_factor: np.ndarray


def _bridging_stage(votes: Votes, prep: _Prepared, omap: _MapStage, previous: Analysis | None) -> _BridgingStage:
    """Bridging by matrix factorisation, warm-started from the map and the previous analysis."""
    init_stmt = None
    if previous is not None:
        prev_pos = previous.statement_index()
        idx = np.array([prev_pos.get(s, -1) for s in votes.statement_ids.tolist()], dtype=np.int64)
        if (idx >= 0).any():
            init_stmt = (
                np.where(idx >= 0, previous.bridging[np.maximum(idx, 0)], 0.0),
                np.where(idx >= 0, previous.bridging_factor[np.maximum(idx, 0)], 0.0),
            )
    br = fit_bridging(prep.vm, init_participant_factor=omap.pxy[:, 0], init_statement=init_stmt)
    few = (prep.n_votes_s < BRIDGING_MIN_VOTES) | prep.excl
    return _BridgingStage(
        fit=br,
        bridging=np.where(few, np.nan, br.statement_intercept),
        bridging_factor=np.where(few, np.nan, br.statement_factor),
    )


@dataclass(eq=False)
class _SummaryStage:
    """groups : [{"id", "size", "centre": [x, y]}]; perspectives : [{"id", "size"}] (size None under
    the small-numbers threshold); summaries : the ``summaries`` document; persp_shown : (n_q, n_s, 3) counts
    with cells under the threshold suppressed (-1)."""

    groups: list[dict[str, Any]]
    perspectives: list[dict[str, Any]]
    summaries: dict[str, Any]
    persp_shown: np.ndarray


def _summary_stage(
    votes: Votes, prep: _Prepared, omap: _MapStage, grp: _GroupStage, cnt: _CountStage, sc: _ScoreStage
) -> _SummaryStage:
    """Group and perspective listings, and the lists of statements worth showing first."""
    excl = prep.excl
    persp_ids, persp_counts = cnt.persp_ids, cnt.persp_counts
    if persp_ids:
        persp_shown = persp_counts.copy()
        persp_shown[persp_counts.sum(-1) < cnt.min_cell] = -1
    else:
        persp_shown = persp_counts
    groups = []
    for gi, g in enumerate(grp.group_ids):
        members = grp.participant_gi == gi
        centre = omap.pxy[members].mean(0) if members.any() else np.zeros(2)
        groups.append({"id": g, "size": int(members.sum()), "centre": _floats(centre)})
    perspectives_out = []
    for qi, q in enumerate(persp_ids):
        size = int(cnt.persp_sizes[qi])
        perspectives_out.append({"id": q, "size": size if size >= cnt.min_cell else None})
    summaries = _summaries(
        votes.statement_ids,
        excl,
        grp.group_ids,
        cnt.group_counts,
        sc.gac,
        sc.gac_d,
        sc.cg,
        sc.cg_lower,
        sc.cd,
        sc.rep,
        sc.maj,
        sc.div,
    )
    if persp_ids:
        q_rep = stats.representativeness(persp_counts)
        small = persp_counts.sum(-1) < cnt.min_cell
        for key in ("score_agree", "score_disagree"):
            q_rep[key] = np.where(small, np.nan, q_rep[key])
        q_gac = stats.group_aware_consensus(persp_counts) * sc.nan_excl
        q_gac_d = stats.group_aware_consensus(persp_counts, stats.DISAGREE) * sc.nan_excl
        q_cd, _, _ = stats.common_ground_label(
            _swap_agree_disagree(persp_counts),
            level=CG_LEVEL,
            threshold=CG_THRESHOLD,
            min_votes=max(CG_MIN_VOTES, cnt.min_cell),
        )
        q_cd[excl] = -1
        _, q_lower, _ = stats.common_ground_label(
            persp_counts, level=CG_LEVEL, threshold=CG_THRESHOLD, min_votes=cnt.min_cell
        )
        enough = ~np.any(small, axis=0)
        q_div = np.where(excl | ~enough, np.nan, stats.divisiveness(persp_counts))
        qs = _summaries(
            votes.statement_ids,
            excl,
            persp_ids,
            persp_counts,
            q_gac,
            q_gac_d,
            sc.q_cg,
            q_lower,
            q_cd,
            q_rep,
            None,
            q_div,
            key="perspective",
        )
        summaries["perspectives"] = qs
    else:
        summaries["perspectives"] = {
            "common_ground": [],
            "common_disagreement": [],
            "divisive": [],
            "representative": [],
        }
    # The weight routing gives a statement written after this analysis: on the same scale as "priority".
    summaries["priority_of_new_statement"] = sc.priority_of_new
    return _SummaryStage(groups=groups, perspectives=perspectives_out, summaries=summaries, persp_shown=persp_shown)


def _assemble(
    votes: Votes,
    prep: _Prepared,
    omap: _MapStage,
    grp: _GroupStage,
    cnt: _CountStage,
    sc: _ScoreStage,
    br: _BridgingStage,
    summ: _SummaryStage,
    *,
    timings: dict[str, float],
    t_start: float,
    seed: int,
    max_groups: int,
    cluster_dims: int,
    k_by_votes: bool,
    routing: str,
    group_model: str = "mixture",
) -> Analysis:
    """Messages, the warm-start state, the diagnostics, and the :class:`Analysis` itself."""
    n_p, n_s = votes.n_participants, votes.n_statements
    excl, n_votes_p, n_votes_s = prep.excl, prep.n_votes_p, prep.n_votes_s
    k, clus, mix = grp.k, grp.clus, grp.mix
    messages = list(grp.messages)
    if n_votes_p.sum() and not messages and k >= 2 and clus is not None:
        best = clus.silhouettes.get(clus.k_best, float("nan"))
        if best == best and best < WEAK_SILHOUETTE:
            messages.append(f"weak group structure (best silhouette {best:.2f}): treat the groups with caution")
    if (n_votes_s[~excl] == 0).any():
        messages.append(f"{int((n_votes_s[~excl] == 0).sum())} statement(s) have no votes yet")
    only_pass = grp.has_votes & (np.bincount(prep.rows, weights=(prep.vals != 0), minlength=n_p) == 0)
    if only_pass.any():
        messages.append(f"{int(only_pass.sum())} participant(s) only passed")
    pxy = omap.pxy.copy()
    pxy[~grp.has_votes] = np.nan
    timings["total"] = time.perf_counter() - t_start
    m = omap.omap
    comps = np.where(prep.in_map[None, :], m.components, np.nan)
    state = {
        "components": [_floats(row) for row in comps],
        "base_centres": clus.base_centres.tolist() if clus is not None else None,
        "group_centres": (
            _group_centres(omap.pfull, grp.participant_gi, len(grp.group_ids)) if clus is not None else None
        ),
        "k": k,
        "k_candidate": (clus.k_candidate if clus is not None else mix.k_candidate if mix is not None else None),
        "k_candidate_count": (
            clus.k_candidate_count if clus is not None else mix.k_candidate_count if mix is not None else 0
        ),
        # the held-out choice of k, kept by the next analyses until the votes have grown (mixture.RECHOOSE_GROWTH)
        "k_choice": mix.k_choice.to_state() if mix is not None else None,
    }
    fit = br.fit
    convergence: dict[str, dict[str, Any]] = {
        "map": {"iterations": m.iterations, "converged": bool(m.converged)},
        "groups": {
            "method": "mixture EM" if mix is not None else ("k-means refinement" if grp.refine_iters else "k-means"),
            "iterations": mix.iterations if mix is not None else grp.refine_iters,
            "converged": bool(mix.converged and mix.cv_converged) if mix is not None else grp.refine_converged,
        },
        "bridging": {"iterations": fit.iterations, "converged": bool(fit.converged)},
    }
    for stage, c in convergence.items():
        if not c["converged"]:
            messages.append(f"{stage}: the iterative solution stopped before converging ({c['iterations']} iterations)")
    diagnostics = {
        "schema_version": SCHEMA_VERSION,
        "seed": seed,
        "n_participants": n_p,
        "n_statements": n_s,
        "n_votes": votes.n_votes,
        "n_excluded": int(excl.sum()),
        "n_statements_in_map": prep.n_in_map,
        "n_clustered": int(grp.clustered.sum()) if k else 0,
        "n_base_clusters": int(len(clus.base_centres)) if clus is not None else 0,
        "k": k,
        "k_best": (clus.k_best if clus is not None else mix.k_best if mix is not None else k),
        "group_model": group_model,
        "groups_model": _mixture_diagnostics(mix),
        "k_candidate": state["k_candidate"],
        "k_candidate_count": state["k_candidate_count"],
        "map_iterations": m.iterations,
        "convergence": convergence,
        "cluster_dims": cluster_dims,
        "max_groups": max_groups,
        "refine_iterations": grp.refine_iters,
        "k_by_votes": k_by_votes,
        "routing": routing,
        "silhouettes": (
            [{"k": kk, "silhouette": _floats([v])[0]} for kk, v in sorted(clus.silhouettes.items())]
            if clus is not None
            else []
        ),
        "explained_variance": _floats(m.eigenvalues / m.total_variance if m.total_variance > 0 else np.zeros(2)),
        "bridging": {
            "iterations": fit.iterations,
            "converged": fit.converged,
            "mu": _floats([fit.mu])[0],
            "lambda_intercept": LAMBDA_INTERCEPT,
            "lambda_factor": LAMBDA_FACTOR,
            "min_votes": BRIDGING_MIN_VOTES,
        },
        "common_ground_rule": {
            "level": CG_LEVEL,
            "threshold": CG_THRESHOLD,
            "min_votes_per_group": CG_MIN_VOTES,
            "perspective_min_cell": cnt.min_cell,
        },
        "timings": {k_: round(v, 6) for k_, v in timings.items()},
        "messages": messages,
    }
    return Analysis(
        schema_version=SCHEMA_VERSION,
        participant_ids=votes.participant_ids,
        statement_ids=votes.statement_ids,
        participant_group=grp.participant_group.astype(np.int64),
        participant_xy=pxy,
        participant_votes=n_votes_p.astype(np.int64),
        participant_clustered=grp.clustered if k else np.zeros(n_p, dtype=bool),
        participant_perspective=cnt.persp_of,
        excluded=excl,
        statement_xy=omap.sxy,
        counts=cnt.overall,
        group_ids=grp.group_ids,
        group_counts=cnt.group_counts,
        group_agree_lower=np.where(excl[None, :], np.nan, sc.g_lower),
        repness_agree=np.where(excl[None, :], np.nan, sc.rep["ratio_agree"]),
        repness_disagree=np.where(excl[None, :], np.nan, sc.rep["ratio_disagree"]),
        perspective_ids=cnt.persp_ids,
        perspective_counts=summ.persp_shown,
        gac=sc.gac,
        gac_disagree=sc.gac_d,
        common_ground=sc.cg,
        common_ground_lower=sc.cg_lower,
        common_ground_probability=sc.cg_prob,
        common_disagreement=sc.cd,
        perspective_common_ground=sc.q_cg,
        bridging=br.bridging,
        bridging_factor=br.bridging_factor,
        divisiveness=sc.div,
        priority=sc.priority,
        groups=summ.groups,
        perspectives=summ.perspectives,
        summaries=summ.summaries,
        diagnostics=diagnostics,
        state=state,
    )


def _mixture_diagnostics(mix: MixtureGroups | None) -> dict[str, Any] | None:
    """How the mixture model chose the groups (None when groups came from k-means)."""
    if mix is None:
        return None
    return {
        "heldout_loglik": [{"k": kk, "loglik": _floats([v])[0]} for kk, v in sorted(mix.heldout.items())],
        "k_heldout": mix.k_heldout,
        "gain": _floats([mix.gain])[0],
        "null_gain": _floats([mix.null_gain])[0],
        "gain_se": _floats([mix.gain_se])[0],
        "structure": mix.structure,
        "sample": mix.n_sample,
        "splits": mix.k_choice.splits,
        # every vote held out once, in this many folds, on a small sample (0: the splits above)
        "folds": mix.extra.get("folds", 0),
        # k was chosen on this many votes of the clustered participants: by this analysis (chosen_now), or by an
        # earlier one whose choice still holds (fewer new votes since than mixture.RECHOOSE_GROWTH of them)
        "chosen_at_votes": mix.k_choice.votes,
        "chosen_now": mix.k_choice.fresh,
        "iterations": mix.iterations,
    }


def _group_centres(pos: np.ndarray, gi: np.ndarray, n_g: int) -> list[list[float]]:
    out = []
    for g in range(n_g):
        m = gi == g
        out.append(pos[m].mean(0).tolist() if m.any() else [0.0] * pos.shape[1])
    return out


def _swap_agree_disagree(counts: np.ndarray) -> np.ndarray:
    return counts[..., [stats.DISAGREE, stats.AGREE, stats.PASS]]


def _summaries(
    sids: np.ndarray,
    excl: np.ndarray,
    group_ids: Sequence[Hashable],
    counts: np.ndarray,
    gac: np.ndarray,
    gac_d: np.ndarray,
    cg: np.ndarray,
    cg_lower: np.ndarray,
    cd: np.ndarray,
    rep: Mapping[str, np.ndarray],
    maj: Mapping[str, np.ndarray] | None,
    div: np.ndarray,
    key: str = "group",
) -> dict[str, Any]:
    """Lists of statements worth showing first (ids as given, with the figure they were ranked by)."""
    ids = sids.tolist()
    live = ~excl

    # Any: a list of items, or (items, positions) when ``positions`` is true.
    def ranked(
        mask: np.ndarray,
        score: np.ndarray,
        top: int | None = None,
        extra: Callable[..., dict[str, Any]] | None = None,
        positions: bool = False,
    ) -> Any:
        idx = np.flatnonzero(mask & live & np.isfinite(score))
        idx = idx[np.lexsort((idx, -score[idx]))]
        if top is not None:
            idx = idx[:top]
        items = [{"id": ids[j], "score": float(score[j]), **({} if extra is None else extra(j))} for j in idx]
        return (items, idx.tolist()) if positions else items

    out: dict[str, Any] = {
        "common_ground": ranked(cg == 1, cg_lower, extra=lambda j: {"group_aware_consensus": float(gac[j])}),
        "common_disagreement": ranked(cd == 1, gac_d, extra=lambda j: {"group_aware_disagreement": float(gac_d[j])}),
        "divisive": ranked(
            (div >= DIVISIVE_MIN) & (counts.sum(-1).min(0) >= CG_MIN_VOTES if len(group_ids) else False),
            div,
            DIVISIVE_TOP,
        ),
    }
    reps = []
    for gi, g in enumerate(group_ids):
        sa, sd = rep["score_agree"][gi], rep["score_disagree"][gi]
        agree_better = np.nan_to_num(sa, nan=-np.inf) >= np.nan_to_num(sd, nan=-np.inf)
        score = np.where(agree_better, sa, sd)
        items, positions = ranked(np.isfinite(score), score, SUMMARY_TOP, positions=True)
        for item, j in zip(items, positions):
            direction = "agree" if agree_better[j] else "disagree"
            item.update(
                {
                    "direction": direction,
                    "ratio": float(rep[f"ratio_{direction}"][gi, j]),
                    "probability": float(rep[f"p_{direction}"][gi, j]),
                    "z": float(rep[f"z_{direction}"][gi, j]),
                    "z_ratio": float(rep[f"zr_{direction}"][gi, j]),
                }
            )
        reps.append({key: g, "statements": items})
    out["representative"] = reps
    if maj is not None:
        out["majority"] = {
            d: ranked(
                np.isfinite(maj[f"score_{d}"]),
                maj[f"score_{d}"],
                SUMMARY_TOP,
                extra=lambda j, d=d: {"probability": float(maj[f"p_{d}"][j]), "z": float(maj[f"z_{d}"][j])},
            )
            for d in ("agree", "disagree")
        }
    return out


def _state_fits(state: Mapping[str, Any], dims: int) -> bool:
    """Whether a previous analysis's warm-start state has the shape this run needs."""
    components = state.get("components") or []
    if components and len(components) != dims:
        return False
    for key in ("base_centres", "group_centres"):
        centres = state.get(key) or []
        if any(len(row) != dims for row in centres):
            return False
    return True
