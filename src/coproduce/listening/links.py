"""What listening adds to the lower apps' pages (coproduce.engagements.registry), registered in apps.py: the
engagement page's links to the themes and to the staff's conversations, and a statement's themes."""

from __future__ import annotations

from typing import Any

from coproduce.engagements.registry import EngagementPage
from coproduce.listening.models import ListeningSettings, Theme


def engagement_section(page: EngagementPage) -> dict[str, Any]:
    """The engagement page: the published themes board, and the listening pages for staff (one query)."""
    engagement = page.engagement
    return {
        "engagement": engagement,
        "themes_published": ListeningSettings.objects.filter(engagement=engagement, themes_published=True).exists(),
        "can_listen": page.request.user.has_perm("listening.list_conversations", engagement),
    }


def statement_themes(statement: Any) -> dict[str, Any]:
    """The golden thread backwards: the themes from one-to-one listening that a statement takes on."""
    themes = list(Theme.objects.filter(statements=statement).order_by("name"))
    published = (
        bool(themes)
        and ListeningSettings.objects.filter(engagement_id=themes[0].engagement_id, themes_published=True).exists()
    )
    return {"themes": themes, "published": published, "statement": statement}
