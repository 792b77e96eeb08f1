"""The themes board: challenges grouped by theme, counted per perspective, with the statements each theme led to.

Set-based: one query for the themes and their statements, one aggregate for every count, whatever the size.
Only challenges whose conversation still has consent to share anonymised themes are counted.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Prefetch

from coproduce.conversations.models import Statement
from coproduce.engagements.models import Engagement
from coproduce.listening.models import Challenge, ListeningConversation, Theme


def shared_challenges(engagement: Engagement):
    return Challenge.objects.filter(
        engagement=engagement,
        conversation__sharing=ListeningConversation.Sharing.THEMES,
        conversation__consent_withdrawn_at__isnull=True,
    )


def themes_board(engagement: Engagement) -> dict:
    perspectives = list(engagement.perspectives.all())
    counts: dict[int, dict[int | None, int]] = defaultdict(dict)
    rows = (
        Challenge.themes.through.objects.filter(challenge__in=shared_challenges(engagement))
        .values("theme_id", "challenge__conversation__perspective_id")
        .annotate(n=Count("challenge_id"))
    )
    for row in rows:
        counts[row["theme_id"]][row["challenge__conversation__perspective_id"]] = row["n"]
    published = Statement.objects.filter(status=Statement.Status.PUBLISHED)
    themes = Theme.objects.filter(engagement=engagement).prefetch_related(Prefetch("statements", queryset=published))
    board = []
    for theme in themes:
        by_perspective = counts.get(theme.pk, {})
        board.append({
            "theme": theme,
            "counts": [by_perspective.get(p.pk, 0) for p in perspectives],
            "not_given": by_perspective.get(None, 0),
            "total": sum(by_perspective.values()),
            "statements": list(theme.statements.all()),
        })
    board.sort(key=lambda row: (-row["total"], row["theme"].name.casefold()))
    return {"perspectives": perspectives, "board": board}
