"""What co-design adds to the lower apps' pages (coproduce.engagements.registry), registered in apps.py: the
engagement page's section on proposals, priorities and decisions, and the proposals that answer a statement."""

from __future__ import annotations

from typing import Any

from coproduce.engagements.models import Feature
from coproduce.engagements.registry import EngagementPage
from coproduce.proposals.models import Decision, Proposal
from coproduce.proposals.scoring import priorities_public


def engagement_section(page: EngagementPage) -> dict[str, Any]:
    """The engagement page: where to go for proposals, prioritisation and decisions (from the features the page has read)."""
    engagement = page.engagement
    features = page.features
    has_decisions = engagement.decisions.exists()
    return {
        "engagement": engagement,
        "proposals_open": bool(features & {Feature.PROPOSALS, Feature.COMMENTS, Feature.EXPERT_INPUT}),
        "prioritising": Feature.PRIORITISATION in features,
        "show_priorities": priorities_public(engagement, features, has_decisions),
        "has_decisions": has_decisions or Feature.DECISIONS in features,
        "any": bool(
            features
            & {Feature.PROPOSALS, Feature.COMMENTS, Feature.EXPERT_INPUT, Feature.PRIORITISATION, Feature.DECISIONS}
        )
        or has_decisions,
    }


def statement_answers(statement: Any) -> dict[str, Any]:
    """The statement page: the public proposals that answer this statement, and the decisions that took them up
    (two queries)."""
    proposals = list(
        Proposal.objects.filter(citations__statement=statement, is_hidden=False)
        .exclude(status=Proposal.Status.DRAFT)
        .select_related("engagement")
        .distinct()
        .order_by("pk")
    )
    decisions = (
        list(
            Decision.objects.filter(proposals__in=proposals)
            .select_related("engagement")
            .distinct()
            .order_by("-decided_on")
        )
        if proposals
        else []
    )
    return {"proposals": proposals, "decisions": decisions}
