"""Build the open data of engagements now, as the background build would (api/builds.py): tests that download."""

from __future__ import annotations

from coproduce.api import builds


def build_open_data(*engagements) -> None:
    for engagement in engagements:
        assert builds.build(engagement.conversation.pk) is not None
