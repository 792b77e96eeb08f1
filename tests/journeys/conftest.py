"""Journeys fixtures on top of the shared personas (tests/conftest.py): a co-production round of glas (alice's
organisation) with answers from each perspective, given through the real actions."""

from __future__ import annotations

import pytest

from coproduce.journeys import actions
from coproduce.journeys.actions import Given
from coproduce.journeys.models import Framework


def answer(round_, perspective: str, levels: dict[str, int], comment: str = "") -> None:
    """One anonymous answer: make a link for the perspective and use it."""
    (made,) = actions.do_invite(None, round_, {perspective: 1})
    dimensions = {d.key: d.pk for d in round_.framework.dimensions.all()}
    actions.do_answer(
        made[1],
        [Given(dimensions[key], level, comment if i == 0 else "") for i, (key, level) in enumerate(levels.items())],
        "en",
    )


@pytest.fixture
def coproduction(db) -> Framework:
    # The migration installs them; a transactional test elsewhere in the run may have flushed them since.
    actions.do_install_shipped_frameworks()
    return Framework.objects.get(slug="co-production")


@pytest.fixture
def journey_round(world, coproduction):
    """A closed round: 4 staff rate "strengths" high, 3 people who use services rate it low, 2 partners."""
    round_ = actions.do_start_round(world.alice, world.org, coproduction, title={"en": "Spring", "cy": "Gwanwyn"})
    for level in (5, 4, 4, 5):
        answer(round_, "staff", {"strengths": level, "networks": 3}, comment="We ask first.")
    for level in (1, 2, 2):
        answer(round_, "people", {"strengths": level, "networks": 3})
    for level in (3, 3):
        answer(round_, "partners", {"strengths": level, "networks": 3})
    actions.do_close_round(world.alice, round_)
    round_.refresh_from_db()
    return round_
