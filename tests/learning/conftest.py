"""Learning fixtures on top of the shared personas (tests/conftest.py).

glas (alice admin) has a board with two notices (one pinned, one expired) and a guest post waiting; the private
engagement has a board of its own; a study club on glas's board hosted by erin (an expert, not a manager) with
mo as a member and room for two; a learning item with a Markdown body, and a path with it (the platform's); glas's
own item and path, and an action of glas's own.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from coproduce.delivery.models import Action
from coproduce.learning.models import (
    Board,
    ClubMember,
    LearningItem,
    LearningPath,
    Notice,
    PathStep,
    StudyClub,
)
from coproduce.networks.models import Network, NetworkCoordinator


def make_notice(board, title, **extra) -> Notice:
    return Notice.objects.create(
        board=board,
        title_en=title,
        title_cy=f"{title} (cy)",
        body_en=f"About **{title}**.",
        published_at=timezone.now(),
        **extra,
    )


@pytest.fixture
def learning(world):
    w = world
    board = Board.objects.create(slug="glas-news", name_en="Glas news", name_cy="Newyddion Glas", organisation=w.org)
    private_board = Board.objects.create(
        slug="wellbeing-news", name_en="Wellbeing news", name_cy="Newyddion lles", engagement=w.private
    )
    pinned = make_notice(board, "Pinned news", pinned=True)
    make_notice(board, "Old news", expires_on=timezone.localdate() - dt.timedelta(days=1))
    guest = make_notice(
        board, "Guest walk", guest=True, guest_name="Pat the walker", language="en", status=Notice.Status.PENDING
    )
    Notice.objects.filter(pk=guest.pk).update(published_at=None)
    secret = make_notice(private_board, "Private notice")
    item = LearningItem.objects.create(
        slug="basics",
        title_en="Basics",
        title_cy="Hanfodion",
        body_en="## Read me\n\nOffline <script>alert(1)</script> text.",
        offline_friendly=True,
    )
    path = LearningPath.objects.create(slug="start", title_en="Start", title_cy="Dechrau")
    PathStep.objects.create(path=path, item=item, position=1)
    club = StudyClub.objects.create(
        board=board,
        name_en="Basics club",
        name_cy="Clwb hanfodion",
        language="en",
        place_en="Library",
        first_meeting=timezone.now() + dt.timedelta(days=3),
        capacity=2,
        host=w.erin,
    )
    club.courses.add(item)
    ClubMember.objects.create(club=club, user=w.mo)
    # glas's own item and path (only its managers change them), and an action of glas's own (a journey's next step).
    own_item = LearningItem.objects.create(
        slug="glas-guide", title_en="Glas guide", title_cy="Canllaw Glas", organisation=w.org
    )
    own_path = LearningPath.objects.create(
        slug="glas-way", title_en="Glas way", title_cy="Ffordd Glas", organisation=w.org
    )
    PathStep.objects.create(path=own_path, item=own_item, position=1)
    own_action = Action.objects.create(organisation=w.org, title_en="Train the team", owner_en="Learning lead")
    # erin coordinates a network (its noticeboards are hers to start).
    network = Network.objects.create(slug="carers-network", name_en="Carers network", name_cy="Rhwydwaith gofalwyr")
    NetworkCoordinator.objects.create(network=network, user=w.erin)
    return SimpleNamespace(
        **vars(w),
        board=board,
        private_board=private_board,
        pinned=pinned,
        guest=Notice.objects.get(pk=guest.pk),
        secret=secret,
        item=item,
        path=path,
        club=club,
        network=network,
        own_item=own_item,
        own_path=own_path,
        own_action=own_action,
    )
