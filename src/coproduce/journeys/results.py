"""A round's results: per dimension the median and spread, per perspective, and where perspectives disagree, with
every figure that could point to someone held back. Set-based: two queries for a round, whatever its size.

The rules (issue 18, docs/decisions/0017-journeys.md):

- A cell (a dimension for one perspective, or a dimension overall) of fewer than CELL_MINIMUM answers shows
  nothing, not even its count. The issue asks for 3 rather than the platform's small-numbers threshold: a round in
  a small team would otherwise show nothing at all, and a median of three ratings does not give away any one of
  them.
- The spread (the quartiles) needs the platform's small-numbers threshold (core/privacy.py, 5 by default): with
  fewer answers the quartiles are nearly the ratings themselves.
- No held-back cell can be worked out by subtracting: within a dimension, the perspectives held back together hold
  no answer or at least CELL_MINIMUM (complementary suppression: the smallest shown ones are held back too).
- Comments and evidence are shown per dimension, never with a perspective or a rating, and only when the
  dimension's own figures are shown.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from coproduce.core.privacy import small_numbers_threshold
from coproduce.journeys.models import Dimension, Evidence, Perspective, Rating, Round

# Fewer answers than this in a cell and it shows nothing (see the module's docstring for why 3, not 5).
CELL_MINIMUM = 3
# Two perspectives whose medians are this many levels apart or more "see it differently".
DISAGREEMENT_GAP = 1.5
PERSPECTIVES = [value for value, _label in Perspective.choices]


def complementary(counts: list[int], minimum: int) -> list[bool]:
    """Which cells may be shown: those of at least `minimum`, less any more needed so that the held-back cells
    together hold nobody or at least `minimum`; else the total less the shown cells would give them away."""
    total = sum(counts)
    show = [n >= minimum for n in counts]
    while True:
        held_back = total - sum(n for n, s in zip(counts, show) if s)
        candidates = [i for i, s in enumerate(show) if s]
        if held_back == 0 or held_back >= minimum or not candidates:
            return show
        show[min(candidates, key=lambda i: (counts[i], i))] = False


@dataclass
class Cell:
    """What may be shown of some answers: nothing when `shown` is False (not even `n`)."""

    shown: bool
    n: int = 0
    median: float | None = None
    lower: float | None = None  # the lower and upper quartiles, from the small-numbers threshold only
    upper: float | None = None

    @property
    def has_spread(self) -> bool:
        return self.lower is not None


def _cell(levels: list[int], shown: bool) -> Cell:
    if not shown:
        return Cell(False)
    cell = Cell(True, len(levels), float(statistics.median(levels)))
    if len(levels) >= small_numbers_threshold():
        quartiles = statistics.quantiles(levels, n=4, method="inclusive")
        cell.lower, cell.upper = quartiles[0], quartiles[2]
    return cell


@dataclass
class DimensionResult:
    dimension: Dimension
    overall: Cell
    perspectives: dict[str, Cell]
    comments: list[tuple[str, str]] = field(default_factory=list)  # (text, language), sorted: no order to read
    evidence: dict[tuple[str, int], int] = field(default_factory=dict)  # (kind, id) -> how many gave it

    @property
    def disagreement(self) -> tuple[str, str, float] | None:
        """The two shown perspectives furthest apart, when DISAGREEMENT_GAP or more levels apart."""
        shown = [(p, c.median) for p, c in self.perspectives.items() if c.shown and c.median is not None]
        best = None
        for i, (a, ma) in enumerate(shown):
            for b, mb in shown[i + 1 :]:
                gap = abs(ma - mb)
                if gap >= DISAGREEMENT_GAP and (best is None or gap > best[2]):
                    best = (a, b, gap) if ma >= mb else (b, a, gap)
        return best

    @property
    def disagreement_labels(self) -> tuple[str, str, float] | None:
        """The disagreement with the perspectives' names (in the reader's language): higher, lower, gap."""
        found = self.disagreement
        if found is None:
            return None
        labels = dict(Perspective.choices)
        return str(labels[found[0]]), str(labels[found[1]]), found[2]

    def perspective_rows(self) -> list[tuple[str, Cell]]:
        labels = dict(Perspective.choices)
        return [(str(labels[p]), self.perspectives[p]) for p in PERSPECTIVES]


def _build(
    dimensions: list[Dimension],
    levels: dict[int, dict[str, list[int]]],
    comments: dict[int, list[tuple[str, str]]],
    evidence: dict[int, dict[tuple[str, int], int]],
) -> list[DimensionResult]:
    results = []
    for dimension in dimensions:
        by_perspective = levels.get(dimension.pk, {})
        counts = [len(by_perspective.get(p, [])) for p in PERSPECTIVES]
        everyone = [level for p in PERSPECTIVES for level in by_perspective.get(p, [])]
        overall_shown = len(everyone) >= CELL_MINIMUM
        show = complementary(counts, CELL_MINIMUM) if overall_shown else [False] * len(PERSPECTIVES)
        results.append(
            DimensionResult(
                dimension=dimension,
                overall=_cell(everyone, overall_shown),
                perspectives={p: _cell(by_perspective.get(p, []), s) for p, s in zip(PERSPECTIVES, show)},
                comments=sorted(comments.get(dimension.pk, [])) if overall_shown else [],
                evidence=dict(evidence.get(dimension.pk, {})) if overall_shown else {},
            )
        )
    return results


def round_results(round_: Round, dimensions: list[Dimension], *, with_texts: bool = True) -> list[DimensionResult]:
    """Each dimension's figures for the round, suppressed as the module says (two queries)."""
    levels: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    comments: dict[int, list[tuple[str, str]]] = defaultdict(list)
    evidence: dict[int, dict[tuple[str, int], int]] = defaultdict(lambda: defaultdict(int))
    ratings = Rating.objects.filter(answer__round=round_).values_list(
        "pk", "dimension_id", "answer__perspective", "level", "comment", "language"
    )
    rating_dimension = {}
    for pk, dimension_id, perspective, level, comment, language in ratings:
        levels[dimension_id][perspective].append(level)
        rating_dimension[pk] = dimension_id
        if with_texts and comment.strip():
            comments[dimension_id].append((comment, language))
    if with_texts and rating_dimension:
        rows = Evidence.objects.filter(rating__answer__round=round_).values_list(
            "rating_id", "kind", "engagement_id", "decision_id", "action_id"
        )
        for rating_id, kind, e, d, a in rows:
            evidence[rating_dimension[rating_id]][(kind, e or d or a)] += 1
    return _build(dimensions, levels, comments, evidence)


def many_rounds_results(rounds: list[Round], dimensions: list[Dimension]) -> dict[int, list[DimensionResult]]:
    """The figures (no comments, no evidence) of several rounds of one framework, in one query."""
    levels: dict[int, dict[int, dict[str, list[int]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    rows = Rating.objects.filter(answer__round__in=[r.pk for r in rounds]).values_list(
        "answer__round_id", "dimension_id", "answer__perspective", "level"
    )
    for round_id, dimension_id, perspective, level in rows:
        levels[round_id][dimension_id][perspective].append(level)
    return {r.pk: _build(dimensions, levels.get(r.pk, {}), {}, {}) for r in rounds}
