"""Issue 20: each noticeboard and learning page weighs under 60 KB on a first visit, on the demo.

As tests/core/test_page_weight.py counts (compressed bytes: the HTML and every asset it loads, each gzipped), plus
what an installable page also fetches on a first visit with JavaScript on: the web app manifest, its icon and the
service worker. Every page of /learning/ the demo's anonymous visitor and its participant reach from /learning/
(the participant has a study club, a saved item and progress). Run with -s to print the table recorded in
docs/benchmarks.md.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from coproduce.learning.models import Board, LearningItem, LearningPath, Notice, StudyClub
from tests.core.test_page_weight import asset_weights, compressed, crawl

pytestmark = pytest.mark.django_db

LIMIT = 60 * 1024


def installable(client: Client) -> int:
    """The manifest, the worker and the icon: fetched once per first visit, counted on every page to be safe."""
    manifest = client.get(reverse("learning:manifest")).content
    worker = client.get(reverse("learning:service_worker")).content
    icon = asset_weights('<link href="/static/learning/icon.svg">')
    return compressed(manifest) + compressed(worker) + sum(icon.values())


@pytest.mark.one_pass
def test_every_learning_page_is_under_60_kb_with_its_assets():
    call_command("demo", stdout=open("/dev/null", "w"))
    participant = Client()
    participant.force_login(get_user_model().objects.get(email="participant@example.org"))
    anonymous = Client()
    rows = []
    for who, client in (("anonymous", anonymous), ("participant", participant)):
        extra = installable(client)
        weights = crawl(client, ["/learning/", "/learning/mine/"])
        for url, size in weights.items():
            if url.startswith("/learning/"):
                rows.append((who, url, size + extra))
    assert len({url for _who, url, _size in rows}) >= 15, "the crawl should reach boards, notices, clubs, items, paths"
    # The demo organisation's own learning page, reached from its own item's page.
    assert any(url.startswith("/learning/organisations/") for _who, url, _size in rows)
    rows += staff_rows()
    print("\n| who | page | KB |\n|---|---|---|")
    for who, url, size in sorted(rows, key=lambda row: -row[2]):
        print(f"| {who} | {url} | {size / 1024:.1f} |")
    heavy = {url: size for _who, url, size in rows if size > LIMIT}
    assert heavy == {}, f"over {LIMIT // 1024} KB compressed: {heavy}"


def staff_rows() -> list[tuple[str, str, int]]:
    """The staff pages that write (items, paths, notices, clubs, boards), as the demo's organisation admin."""
    admin = Client()
    admin.force_login(get_user_model().objects.get(email="admin@example.org"))
    board = Board.objects.filter(organisation__isnull=False).first()
    notice, club = Notice.objects.filter(board=board).first(), StudyClub.objects.filter(board=board).first()
    item, path = LearningItem.objects.first(), LearningPath.objects.first()
    urls = [
        reverse("learning_staff:catalogue"),
        reverse("learning_staff:item_new"),
        reverse("learning_staff:item_edit", args=[item.slug]),
        reverse("learning_staff:path_new"),
        reverse("learning_staff:path_edit", args=[path.slug]),
        reverse("learning_staff:board_edit", args=[board.slug]),
        reverse("learning_staff:board", args=[board.slug]),
        reverse("learning_staff:organisation", args=[board.organisation.slug]),
    ]
    if notice is not None:
        urls += [
            reverse(name, args=[notice.pk]) for name in ("learning_staff:notice_edit", "learning_staff:notice_delete")
        ]
    if club is not None:
        urls += [reverse(name, args=[club.pk]) for name in ("learning_staff:club_edit", "learning_staff:club_delete")]
    rows = []
    for url in urls:
        response = admin.get(url)
        assert response.status_code == 200, url
        rows.append(
            ("admin", url, compressed(response.content) + sum(asset_weights(response.content.decode()).values()))
        )
    return rows
