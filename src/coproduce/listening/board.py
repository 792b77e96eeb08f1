"""The themes board: challenges grouped by theme, counted per perspective, with the statements each theme led to.

Set-based: one query for the themes and their statements, one aggregate for every count, whatever the size.
Only challenges whose conversation still has consent to share anonymised themes are counted.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, prefetch_related_objects

from coproduce.conversations.models import Statement
from coproduce.engagements.models import Engagement
from coproduce.listening.models import Challenge, ListeningConversation, Theme
from coproduce.translations.reading import with_translations


def shared_challenges(engagement: Engagement):
    return Challenge.objects.filter(
        engagement=engagement,
        conversation__sharing=ListeningConversation.Sharing.THEMES,
        conversation__consent_withdrawn_at__isnull=True,
    )


# On the public board a count below this is shown as "fewer than 3": in a small engagement, "1 carer raised this"
# could point to one person. Deliberately lower than the platform's small-numbers threshold (core.privacy, 5): these
# count challenges from a handful of one-to-one conversations, not people, each shared with consent for the themes
# board and with nothing that identifies its speaker; at 5 most of a small engagement's board would be blank.
SMALL_COUNT = 3


# Themes the board shows a page at a time, busiest first: an engagement can have hundreds, each with the statements
# it led to.
THEMES_PER_PAGE = 25


def themes_board(engagement: Engagement, *, public: bool = False, page: str | int | None = None) -> dict:
    """Rows of {theme, counts (one per perspective), not_given, total, statements}, busiest theme first, a page at a
    time (`page`: the page number asked for; a Paginator's Page in "page"); with the number of themes and of
    challenges counted ("themes_count", "challenges_count") for the summary above it.

    With public=True every count from 1 to SMALL_COUNT - 1 is replaced by None (the template says "fewer than 3"),
    and so is a total of challenges under SMALL_COUNT.
    """
    perspectives = list(engagement.perspectives.all())
    counts: dict[int, dict[int | None, int]] = defaultdict(dict)
    rows = (
        Challenge.themes.through.objects.filter(challenge__in=shared_challenges(engagement))
        .values("theme_id", "challenge__conversation__perspective_id")
        .annotate(n=Count("challenge_id"))
    )
    for row in rows:
        counts[row["theme_id"]][row["challenge__conversation__perspective_id"]] = row["n"]
    board = []
    for theme in Theme.objects.filter(engagement=engagement):
        by_perspective = counts.get(theme.pk, {})
        board.append(
            {
                "theme": theme,
                "counts": [by_perspective.get(p.pk, 0) for p in perspectives],
                "not_given": by_perspective.get(None, 0),
                "total": sum(by_perspective.values()),
            }
        )
    board.sort(key=lambda row: (-row["total"], row["theme"].name.casefold()))
    shown = Paginator(board, THEMES_PER_PAGE).get_page(page)
    rows_shown = list(shown.object_list)
    # The statements each theme led to, for the page's themes only, with their confirmed translations (the board
    # shows each in the reader's language): one query.
    published = with_translations(Statement.objects.filter(status=Statement.Status.PUBLISHED))
    themes = [row["theme"] for row in rows_shown]
    prefetch_related_objects(themes, Prefetch("statements", queryset=published))
    for row in rows_shown:
        row["statements"] = list(row["theme"].statements.all())
    challenges = shared_challenges(engagement).filter(themes__isnull=False).distinct().count()
    if public:
        for row in rows_shown:
            row["counts"] = [_suppress(n) for n in row["counts"]]
            row["not_given"], row["total"] = _suppress(row["not_given"]), _suppress(row["total"])
        challenges = _suppress(challenges)
    return {
        "perspectives": perspectives,
        "board": rows_shown,
        "page": shown,
        "themes_count": len(board),
        "challenges_count": challenges,
        "small_count": SMALL_COUNT,
    }


def _suppress(n: int) -> int | None:
    return None if 0 < n < SMALL_COUNT else n
