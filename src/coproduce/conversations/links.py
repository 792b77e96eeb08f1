"""What the conversation adds to the engagement's pages (coproduce.engagements.registry), registered in apps.py."""

from __future__ import annotations

from coproduce.engagements.models import Feature
from coproduce.engagements.registry import EngagementPage


def voting_open(page: EngagementPage) -> bool:
    return Feature.VOTING in page.features


def results_open(page: EngagementPage) -> bool:
    """Whether the engagement page links to the results: while they are shown, or while people vote (results
    appear as they do). The open data link (api) follows the same rule."""
    return bool(page.features & {Feature.RESULTS, Feature.VOTING})
