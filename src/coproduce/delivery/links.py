"""What delivery adds to the lower apps' pages (coproduce.engagements.registry), registered in apps.py: the
engagement page's "what is being done", and the actions that deliver a decision."""

from __future__ import annotations

from typing import Any

from coproduce.engagements.models import Feature
from coproduce.engagements.registry import EngagementPage


def engagement_section(page: EngagementPage) -> dict[str, Any]:
    """The engagement page: "we asked, you said, we did" once there are actions or delivery has started."""
    engagement = page.engagement
    features = page.features
    return {
        "engagement": engagement,
        "any": bool(features & {Feature.ACTIONS, Feature.FEEDBACK}) or engagement.actions.exists(),
        "feedback_open": Feature.FEEDBACK in features,
    }


def decision_actions(decision: Any, engagement: Any) -> dict[str, Any]:
    """The decision page: the actions that deliver it (forward along the golden thread). One query."""
    return {"engagement": engagement, "actions": list(decision.actions.order_by("pk"))}
