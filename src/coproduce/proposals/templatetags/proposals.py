"""Template tags that put the golden thread on other apps' pages without changing their views."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from coproduce.engagements.models import Feature

register = template.Library()


@register.inclusion_tag("proposals/_answering.html")
def proposals_answering(statement) -> dict:
    """The statement page: the public proposals that answer this statement, and the decisions that took them up
    (two queries)."""
    from coproduce.proposals.models import Decision, Proposal

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


@register.inclusion_tag("proposals/_engagement_links.html")
def codesign_links(engagement) -> dict:
    """The engagement page: where to go for proposals, prioritisation and decisions (uses the prefetched phases)."""
    features = engagement.enabled_features()
    has_decisions = engagement.decisions.exists()
    return {
        "engagement": engagement,
        "proposals_open": bool(features & {Feature.PROPOSALS, Feature.COMMENTS, Feature.EXPERT_INPUT}),
        "prioritising": Feature.PRIORITISATION in features,
        "show_priorities": bool(features & {Feature.PRIORITISATION, Feature.DECISIONS}),
        "has_decisions": has_decisions or Feature.DECISIONS in features,
        "any": bool(
            features
            & {Feature.PROPOSALS, Feature.COMMENTS, Feature.EXPERT_INPUT, Feature.PRIORITISATION, Feature.DECISIONS}
        )
        or has_decisions,
    }


@register.simple_tag
def author_of(item) -> str:
    """Who wrote a proposal or comment, as shown to everyone: staff by name and role, participants pseudonymously."""
    if item.author_user_id is not None and item.author_user is not None:
        name = getattr(item.author_user, "display_name", "") or _("A member of staff")
        return _("%(name)s (staff)") % {"name": name}
    return _("A participant")
