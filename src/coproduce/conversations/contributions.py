"""Conversations' part of "My contributions": the statements a participant wrote and their votes, and what became
of a statement in the conversation (its agree share, common ground, moderation). Registered in
ConversationsConfig.ready(); see coproduce.engagements.contributions.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.conversations.models import AnalysisSnapshot, Conversation, Statement, Vote
from coproduce.core.privacy import shown, small_numbers_threshold
from coproduce.engagements.contributions import Contribution, ContributionKind, Outcome, OutcomeSource


def _url(statement: Statement) -> str:
    if statement.status != Statement.Status.PUBLISHED:
        return ""
    return reverse("conversations:statement", args=[statement.conversation.engagement.slug, statement.pk])


def statements(participants) -> list[Contribution]:
    rows = (
        Statement.objects.filter(author__in=participants)
        .select_related("conversation__engagement")
        .order_by("created_at", "pk")
    )
    return [
        Contribution(
            "statements",
            s.conversation.engagement_id,
            _("You wrote"),
            s.text,
            s.language,
            _url(s),
            {"statement": s.pk},
        )
        for s in rows
    ]


def votes(participants) -> list[Contribution]:
    rows = (
        Vote.objects.filter(participant__in=participants)
        .select_related("statement__conversation__engagement")
        .order_by("statement__created_at", "statement_id")
    )
    said = {Vote.AGREE: _("You agreed"), Vote.DISAGREE: _("You disagreed"), Vote.PASS: _("You passed or were unsure")}
    return [
        Contribution(
            "votes",
            v.statement.conversation.engagement_id,
            said[v.value],
            v.statement.text,
            v.statement.language,
            _url(v.statement),
            {"statement": v.statement_id},
            [Outcome(_("Counted in this statement’s results"))],
        )
        for v in rows
    ]


def common_ground(conversation_ids: set[int]) -> set[int]:
    """The statements the latest analysis of each conversation labels common ground: two queries in all."""
    latest = Conversation.objects.filter(pk__in=conversation_ids).annotate(
        latest=Subquery(AnalysisSnapshot.objects.filter(conversation=OuterRef("pk")).values("pk")[:1])
    )
    snapshots = AnalysisSnapshot.objects.filter(pk__in=latest.values("latest")).values_list("data", flat=True)
    return {
        int(item["id"]) for data in snapshots for item in (data or {}).get("summaries", {}).get("common_ground", [])
    }


def statement_outcomes(ids: set[int]) -> dict[int, list[Outcome]]:
    """Moderation, the agree share of everyone's current votes (shown from the small-numbers threshold) and
    common ground. Three queries, however many statements."""
    rows = (
        Statement.objects.filter(pk__in=ids)
        .annotate(n=Count("votes"), agree=Count("votes", filter=Q(votes__value=Vote.AGREE)))
        .values_list("pk", "status", "conversation_id", "n", "agree")
    )
    rows = list(rows)
    ground = common_ground({conversation for _pk, _s, conversation, _n, _a in rows})
    found: dict[int, list[Outcome]] = {}
    for pk, status, _conversation, n, agree in rows:
        outcomes = found.setdefault(pk, [])
        if status == Statement.Status.PENDING:
            outcomes.append(Outcome(_("Waiting for moderation")))
            continue
        if status == Statement.Status.HIDDEN:
            outcomes.append(Outcome(_("Hidden by the moderators (see the moderation log)")))
            continue
        if shown(n):
            outcomes.append(
                Outcome(
                    _("%(percent)s%% of the %(people)s people who voted on it agree")
                    % {"percent": round(100 * agree / n), "people": n}
                )
            )
        else:
            outcomes.append(
                Outcome(
                    _("Fewer than %(threshold)s people have voted on it so far, so its share is not shown yet")
                    % {"threshold": small_numbers_threshold()}
                )
            )
        if pk in ground:
            outcomes.append(Outcome(_("Common ground: what every opinion group agrees with")))
    return found


KINDS = (
    ContributionKind(10, "statements", gettext_lazy("Statements you wrote"), statements),
    ContributionKind(20, "votes", gettext_lazy("Your votes"), votes),
)
SOURCES = (OutcomeSource(10, "statement", statement_outcomes),)
