"""The golden thread of an action, fetched set-based: back to its decision, proposals, statements, common ground,
listening (challenges and themes), and forward to feedback. A fixed number of queries, whatever the size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Sum

from coproduce.conversations.analysis import latest_snapshot
from coproduce.conversations.models import Statement
from coproduce.core.privacy import shown, small_numbers_threshold
from coproduce.delivery.models import Action, Feedback
from coproduce.engagements.models import Engagement
from coproduce.proposals.models import Citation, Proposal
from coproduce.translations.reading import prefetch_translations


def actions_with_thread(engagement: Engagement, actions=None):
    published = (
        Citation.objects.filter(statement__status=Statement.Status.PUBLISHED)
        .select_related("statement")
        .prefetch_related("statement__themes")
        .annotate(n_challenges=Count("statement__challenges"))
    )
    proposals = (
        Proposal.objects.filter(is_hidden=False)
        .exclude(status=Proposal.Status.DRAFT)
        .prefetch_related(Prefetch("citations", queryset=published))
    )
    queryset = actions if actions is not None else Action.objects.filter(engagement=engagement)
    return (
        queryset.select_related("decision", "iteration")
        .prefetch_related(Prefetch("decision__proposals", queryset=proposals), "updates")
        .order_by("decision__decided_on", "decision_id", "pk")
    )


def prefetch_cited_statements(actions) -> None:
    """The confirmed translations of every statement the actions' threads cite (fetched by actions_with_thread),
    so that each shows in the reader's language: one query, whatever the number."""
    prefetch_translations(
        citation.statement
        for action in actions
        for proposal in action.decision.proposals.all()
        for citation in proposal.citations.all()
    )


def common_ground_ids(engagement: Engagement) -> frozenset[int]:
    conversation = getattr(engagement, "conversation", None)
    if conversation is None:
        return frozenset()
    snapshot = latest_snapshot(conversation)
    return frozenset(
        int(item["id"]) for item in (snapshot.data.get("summaries", {}).get("common_ground", []) if snapshot else [])
    )


@dataclass
class Cell:
    label: str
    n: int = 0
    total: int = 0

    @property
    def shown(self) -> bool:
        return shown(self.n)

    @property
    def mean(self) -> float:
        return self.total / self.n if self.n else 0.0


@dataclass
class FeedbackSummary:
    overall: Cell
    perspectives: list[Cell] = field(default_factory=list)
    distribution: list[tuple[int, str, int]] = field(default_factory=list)
    threshold: int = field(default_factory=small_numbers_threshold)  # for the template's "fewer than n"


def feedback_summaries(engagement: Engagement, perspectives, unstated_label: str) -> dict[int, FeedbackSummary]:
    """Per action: how many answered and the mean rating, overall and per perspective, and how many gave each
    answer. Two queries. Cells of fewer people than core.privacy's threshold are marked not shown (the template says so)."""
    rows = (
        Feedback.objects.filter(action__engagement=engagement)
        .values("action_id", "participant__perspective_id")
        .annotate(n=Count("pk"), total=Sum("rating"))
        .order_by()
    )
    by_rating = (
        Feedback.objects.filter(action__engagement=engagement)
        .values("action_id", "rating")
        .annotate(n=Count("pk"))
        .order_by()
    )
    names = {p.pk: str(p) for p in perspectives}
    summaries: dict[int, FeedbackSummary] = {}
    cells: dict[int, dict] = defaultdict(dict)
    for row in rows:
        summary = summaries.setdefault(row["action_id"], FeedbackSummary(overall=Cell(label="")))
        summary.overall.n += row["n"]
        summary.overall.total += row["total"]
        key = row["participant__perspective_id"]
        cell = cells[row["action_id"]].setdefault(key, Cell(label=names.get(key, unstated_label)))
        cell.n += row["n"]
        cell.total += row["total"]
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    for row in by_rating:
        counts[row["action_id"]][row["rating"]] = row["n"]
    for action_id, summary in summaries.items():
        order = [p.pk for p in perspectives] + [None]
        summary.perspectives = [cells[action_id][k] for k in order if k in cells[action_id]]
        summary.distribution = [(value, label, counts[action_id].get(value, 0)) for value, label in Feedback.RATINGS]
    return summaries
