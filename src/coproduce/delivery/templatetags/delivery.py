from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    """mapping[key], or None: for per-action summaries computed in one query."""
    return mapping.get(key) if mapping else None


@register.inclusion_tag("delivery/_engagement_links.html")
def delivery_links(engagement) -> dict:
    """The engagement page: "we asked, you said, we did" once there are actions or delivery has started."""
    from coproduce.engagements.models import Feature

    features = engagement.enabled_features()
    return {
        "engagement": engagement,
        "any": bool(features & {Feature.ACTIONS, Feature.FEEDBACK}) or engagement.actions.exists(),
        "feedback_open": Feature.FEEDBACK in features,
    }


@register.inclusion_tag("delivery/_decision_actions.html")
def decision_actions(decision, engagement) -> dict:
    """The decision page: the actions that deliver it (forward along the golden thread). One query."""
    return {"engagement": engagement, "actions": list(decision.actions.order_by("pk"))}
