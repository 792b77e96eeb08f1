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

from tests.core.test_page_weight import asset_weights, compressed, crawl

pytestmark = pytest.mark.django_db

LIMIT = 60 * 1024


def installable(client: Client) -> int:
    """The manifest, the worker and the icon: fetched once per first visit, counted on every page to be safe."""
    manifest = client.get(reverse("learning:manifest")).content
    worker = client.get(reverse("learning:service_worker")).content
    icon = asset_weights('<link href="/static/learning/icon.svg">')
    return compressed(manifest) + compressed(worker) + sum(icon.values())


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
    print("\n| who | page | KB |\n|---|---|---|")
    for who, url, size in sorted(rows, key=lambda row: -row[2]):
        print(f"| {who} | {url} | {size / 1024:.1f} |")
    heavy = {url: size for _who, url, size in rows if size > LIMIT}
    assert heavy == {}, f"over {LIMIT // 1024} KB compressed: {heavy}"
