"""What the conversation adds to the engagement's pages (coproduce.engagements.registry), registered in apps.py."""

from __future__ import annotations

from coproduce.engagements.models import Feature
from coproduce.engagements.registry import EngagementPage


def voting_open(page: EngagementPage) -> bool:
    return Feature.VOTING in page.features


def results_open(page: EngagementPage) -> bool:
    """Whether the engagement page links to the results: once they have been published (and after, when the
    engagement has finished), or while people vote (results appear as they do). The open data link (api) follows
    the same rule, as conversations.access.results_visible does for the page itself."""
    return Feature.VOTING in page.features or Feature.RESULTS in page.published
