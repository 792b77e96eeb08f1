"""Learning items, paths and progress; and what makes them readable offline: the service worker (a script file
from /learning/, never inline), the manifest, and the header that tells the worker which pages to keep."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from coproduce.learning.models import Progress
from coproduce.learning.offline import HEADER, KEEP

pytestmark = pytest.mark.django_db


def test_item_body_is_sanitised_markdown(client, learning):
    html = client.get(learning.item.get_absolute_url()).content.decode()
    assert "<h2>Read me</h2>" in html and "<script>alert(1)" not in html


def test_save_and_progress(client, learning):
    client.force_login(learning.pat)
    url = reverse("learning:item_progress", args=["basics"])
    assert HEADER not in client.get(learning.item.get_absolute_url())  # not saved: not kept
    client.post(url, {"do": "save"})
    client.post(url, {"do": "done"})
    progress = Progress.objects.get(user=learning.pat)
    assert progress.saved and progress.status == "done"
    assert client.get(learning.item.get_absolute_url())[HEADER] == KEEP
    mine = client.get(reverse("learning:mine"))
    assert learning.item.get_absolute_url() in mine.content.decode() and mine[HEADER] == KEEP
    html = client.get(learning.path.get_absolute_url()).content.decode()
    assert "You have done 1 step of 1." in html


def test_kept_pages_and_not_kept(client, learning):
    assert client.get(learning.board.get_absolute_url())[HEADER] == KEEP
    assert HEADER not in client.get(learning.club.get_absolute_url())  # not a member
    client.force_login(learning.mo)
    assert client.get(learning.club.get_absolute_url())[HEADER] == KEEP


def test_service_worker_and_manifest(client, learning):
    worker = client.get(reverse("learning:service_worker"))
    assert worker["Content-Type"].startswith("text/javascript") and "no-cache" in worker["Cache-Control"]
    body = worker.content.decode()
    assert '"/learning/offline/"' in body and HEADER in body and "&quot;" not in body
    manifest = json.loads(client.get(reverse("learning:manifest")).content)
    assert manifest["start_url"] == manifest["scope"] == "/learning/" and manifest["icons"]
    page = client.get(reverse("learning:home")).content.decode()
    assert 'rel="manifest"' in page and "learning/offline.js" in page and "<script>" not in page


def test_offline_data_names_the_account_opaquely(client, learning):
    client.force_login(learning.pat)
    html = client.get(reverse("learning:home")).content.decode()
    assert f'data-user="{learning.pat.pk}"' not in html and 'data-user="anon"' not in html
