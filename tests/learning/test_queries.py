"""The same number of queries with a few notices, clubs and items or many, and the rows checked, not only counted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.learning import actions
from coproduce.learning.models import LearningItem, PathStep, StudyClub
from tests.learning.conftest import make_notice

pytestmark = pytest.mark.django_db


def queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def add_more(w, n: int) -> None:
    for i in range(n):
        make_notice(w.board, f"More news {i}")
        item = LearningItem.objects.create(slug=f"item-{i}", title_en=f"Item {i}")
        PathStep.objects.create(path=w.path, item=item, position=i + 2)
        club = StudyClub.objects.create(
            board=w.board, name_en=f"Club {i}", language="en", first_meeting=timezone.now() + dt.timedelta(days=1)
        )
        club.courses.add(item)
        actions.do_set_progress(w.mo, item, saved=True, status="started")
        actions.do_join_club(w.mo, club)


@pytest.mark.parametrize(
    "url",
    [
        reverse("learning:home"),
        reverse("learning:board", args=["glas-news"]),
        reverse("learning:path", args=["start"]),
        reverse("learning:mine"),
    ],
)
def test_queries_do_not_grow(client, learning, url):
    client.force_login(learning.mo)
    few, _html = queries(client, url)
    add_more(learning, 6)
    many, html = queries(client, url)
    assert many == few, url
    assert "Item 5" in html or "More news 5" in html or "Club 5" in html
