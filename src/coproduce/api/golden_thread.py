"""The golden thread, published: proposals, decisions, iterations, actions, updates and feedback, for the API and the
open data alike (one set of queries and one set of rules, so that the two cannot drift apart).

What is published is what the pages show anyone who may see the engagement, and never who someone is:

- proposals that are neither drafts nor hidden (the proposals app's own rule), with the published statements they
  cite, their expert input and how many published comments they have; never who wrote them, or which expert;
- decisions, with who decided as the decision record names it (a board, a committee); never who recorded it;
- iterations that have started, and any an action belongs to (the action pages show those);
- actions, with their owner as the role or team text staff wrote; updates, without who wrote them;
- feedback only as aggregates: how many people answered (as the action page says), and their mean rating, how many
  gave each answer and the figures per perspective only from core.privacy's small-numbers threshold, held back a
  little more than on the page so that no small figure can be worked out from the others (`complementary`,
  `feedback_aggregate`). Feedback comments are never published (only the engagement's managers read them).

Every text staff write is given in English and in Welsh (`title_en`, `title_cy`: None where there is none yet).
Each query set below costs a fixed number of queries, whatever the number of items.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from coproduce.conversations.models import Statement
from coproduce.core.bilingual import LANGUAGES
from coproduce.core.privacy import shown
from coproduce.delivery.models import Action, ActionUpdate, Iteration
from coproduce.delivery.thread import FeedbackSummary, feedback_summaries
from coproduce.engagements.models import Engagement
from coproduce.proposals.models import Citation, Comment, Decision, ExpertInput, Proposal
from coproduce.proposals.views import public_proposals


def both(obj: Any, field: str) -> dict[str, str | None]:
    """A translated field in every language: {"title_en": …, "title_cy": …}, None where there is no text."""
    return {f"{field}_{code}": (getattr(obj, f"{field}_{code}", None) or None) for code in LANGUAGES}


# ------------------------------------------------------------------------------------------ query sets
def proposals(engagement: Engagement) -> QuerySet[Proposal]:
    """Public proposals, oldest first, with what they cite (published statements only), their expert input, the
    decisions taking them up, and their number of published comments."""
    cited = Citation.objects.filter(statement__status=Statement.Status.PUBLISHED).order_by("statement_id")
    return (
        public_proposals(engagement)
        .annotate(n_comments=Count("comments", filter=Q(comments__status=Comment.Status.PUBLISHED), distinct=True))
        .prefetch_related(
            Prefetch("citations", queryset=cited),
            Prefetch("expert_inputs", queryset=ExpertInput.objects.order_by("created_at", "pk")),
            Prefetch("decisions", queryset=Decision.objects.order_by("pk")),
        )
        .order_by("created_at", "pk")
    )


def decisions(engagement: Engagement) -> QuerySet[Decision]:
    """Decisions, earliest first, with the public proposals they take up and their actions."""
    return (
        Decision.objects.filter(engagement=engagement)
        .prefetch_related(
            Prefetch("proposals", queryset=public_proposals(engagement).order_by("pk")),
            Prefetch("actions", queryset=Action.objects.order_by("pk")),
        )
        .order_by("decided_on", "pk")
    )


def iterations(engagement: Engagement, today: dt.date) -> QuerySet[Iteration]:
    """Iterations that have started (the iterations page), and any an action belongs to (its page names it)."""
    with_actions = Action.objects.filter(engagement=engagement, iteration__isnull=False).values("iteration")
    return (
        Iteration.objects.filter(engagement=engagement)
        .filter(Q(starts_on__lte=today) | Q(pk__in=with_actions))
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("pk")))
        .order_by("starts_on", "pk")
    )


def actions(engagement: Engagement) -> QuerySet[Action]:
    return Action.objects.filter(engagement=engagement).order_by("pk")


def updates(engagement: Engagement) -> QuerySet[ActionUpdate]:
    """Updates on the engagement's actions, newest first (as the feed)."""
    return ActionUpdate.objects.filter(action__engagement=engagement).order_by("-created_at", "-pk")


# ------------------------------------------------------------------------------------------ small numbers
def complementary(counts: list[int], total: int) -> list[bool]:
    """Which cells (counts of people, parts of `total`) may be shown: those of at least the small-numbers threshold,
    less any more needed so that the cells held back together hold no one or at least the threshold. Otherwise the
    total less the shown cells would give a held-back cell's figures by subtraction (a lone carer's rating, say):
    complementary suppression. The smallest shown cells are held back first."""
    show = [shown(n) for n in counts]
    while True:
        held_back = total - sum(n for n, s in zip(counts, show) if s)
        candidates = [i for i, s in enumerate(show) if s]
        if held_back == 0 or shown(held_back) or not candidates:
            return show
        show[min(candidates, key=lambda i: (counts[i], i))] = False


# ------------------------------------------------------------------------------------------ feedback
def feedback(engagement: Engagement) -> dict[int, FeedbackSummary]:
    """Per action, the delivery app's own feedback summary (two queries). Perspectives of nobody are absent, and
    the feedback of people who gave no perspective has the label ""."""
    return feedback_summaries(engagement, list(engagement.perspectives.all()), "")


def feedback_aggregate(action_id: int, summary: FeedbackSummary | None) -> dict[str, Any]:
    """What may be published of one action's feedback.

    `respondents` is always given (the action page says how many people answered). The mean, how many gave each
    answer and the figures per perspective only from the threshold; `suppressed` says when they are held back.
    How many gave each answer is given only when every answer was given by nobody or at least the threshold:
    with the number who answered and the mean, a few held-back counts could be worked out. A perspective's figures
    are held back below the threshold, and so are the next smallest when the held-back ones would hold fewer than
    the threshold together (`complementary`)."""
    n = summary.overall.n if summary else 0
    if summary is None or not shown(n):
        return {
            "action": action_id,
            "respondents": n,
            "suppressed": True,
            "mean_rating": None,
            "distribution": [],
            "perspectives": [],
        }
    counts = [count for _value, _label, count in summary.distribution]
    every_count = all(count == 0 or shown(count) for count in counts)
    cells = summary.perspectives
    show = complementary([cell.n for cell in cells], n)
    return {
        "action": action_id,
        "respondents": n,
        "suppressed": False,
        "mean_rating": round(summary.overall.mean, 2),
        "distribution": [
            {"rating": value, "people": count if every_count else None, "suppressed": not every_count}
            for value, _label, count in summary.distribution
        ],
        "perspectives": [
            {
                "perspective": cell.label or None,
                "respondents": cell.n if ok else None,
                "mean_rating": round(cell.mean, 2) if ok else None,
                "suppressed": not ok,
            }
            for cell, ok in zip(cells, show)
        ],
    }
