"""Issue 16: a participant's page weighs at most 100 KB on a first visit, on the demo.

"KB" is compressed bytes transferred on a first visit, every asset included: the HTML and each stylesheet, script,
icon and image it loads (and what a stylesheet loads in turn), each gzipped, as whitenoise and any web server send
them. Participants are often on a phone on a poor connection. The pages are every page the demo's anonymous visitor
and its participant reach from the home page, less the staff area, the Django admin and the API's own pages.
"""

from __future__ import annotations

import gzip
import re
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.test import Client

from coproduce.engagements.models import Engagement

pytestmark = pytest.mark.django_db

LIMIT = 100 * 1024
LINK = re.compile(r'href="(/[^"#]*)')
ASSET = re.compile(r'(?:src|href)="(/static/[^"?#]+)')
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
# Not participants' pages, or not pages: the staff area, the admin, the API, files to download, and what changes state.
SKIP = re.compile(
    r"^/(?:[a-z]{2}/)?(?:staff|admin|api|static|media)/|logout|sign-?out|unsubscribe|delete|download|\.(?:csv|json|zip|atom|ics|svg|txt)$"
)
MAX_PAGES = 200
MAX_PER_PATH = 2


def compressed(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def asset_weights(html: str) -> dict[str, int]:
    """Each static file the page loads, and what its stylesheets load, compressed."""
    found: dict[str, int] = {}
    todo = list(ASSET.findall(html))
    while todo:
        url = todo.pop()
        if url in found:
            continue
        path = finders.find(url.removeprefix(settings.STATIC_URL))
        assert path, f"{url} is linked but is not a static file"
        data = Path(path).read_bytes()
        found[url] = compressed(data)
        if url.endswith(".css"):
            base = url.rsplit("/", 1)[0]
            for ref in CSS_URL.findall(data.decode()):
                if not ref.startswith(("data:", "http", "#")):
                    todo.append(ref if ref.startswith("/") else f"{base}/{ref}")
    return found


# The pages of taking part, which a signed-in participant reaches by taking part (a POST the crawl does not make).
TAKING_PART = ("vote/", "write/", "my-votes/", "prioritise/", "prioritise/dots/", "proposals/new/")


def crawl(client: Client, start: list[str]) -> dict[str, int]:
    """Every participant page reachable from these: its weight with every asset, compressed."""
    weights: dict[str, int] = {}
    seen: set[str] = set()
    per_path: dict[str, int] = {}
    queue = deque(start)
    while queue and len(weights) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        path = urlsplit(url).path
        per_path[path] = per_path.get(path, 0) + 1
        if per_path[path] > MAX_PER_PATH:
            continue
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        weights[url] = compressed(response.content) + sum(asset_weights(html).values())
        for href in LINK.findall(html):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            if not href.startswith("//") and not SKIP.search(href) and href not in seen:
                queue.append(href)
    return weights


@pytest.mark.one_pass
def test_every_participant_page_is_at_most_100_kb_with_its_assets(demo_loaded):
    participant = Client()
    participant.force_login(get_user_model().objects.get(email="participant@example.org"))
    for slug in Engagement.objects.values_list("slug", flat=True):  # take part, as a participant does, where open
        participant.post(f"/engagements/{slug}/take-part/", {"consent": "on"})
    taking_part = [
        f"/engagements/{slug}/{page}"
        for slug in Engagement.objects.values_list("slug", flat=True)
        for page in TAKING_PART
    ]
    weights = {**crawl(Client(), ["/"]), **crawl(participant, ["/", *taking_part])}
    assert len(weights) > 20, "the crawl should reach the demo's participant pages"
    assert any(url.endswith("/vote/") for url in weights), "the vote page (with its script) should be weighed"
    heavy = {url: size for url, size in weights.items() if size > LIMIT}
    assert heavy == {}, f"over {LIMIT // 1024} KB compressed: {heavy}"


def test_the_weight_counts_the_assets_a_page_loads():
    weights = asset_weights(
        '<link rel="stylesheet" href="/static/coproduce/site.css"><script src="/static/django_htmx/htmx-2.min.js">'
    )
    assert set(weights) == {"/static/coproduce/site.css", "/static/django_htmx/htmx-2.min.js"}
    assert weights["/static/django_htmx/htmx-2.min.js"] > 10_000  # htmx alone is more than 10 KB compressed
