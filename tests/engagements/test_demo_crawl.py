"""Issue 16's acceptance: a crawl of the demo from the home page, anonymous and as each demo person, in English and in
Welsh, reaches proposals, priorities, a decision, "we asked, you said, we did" with actions planned / in progress /
done, feedback averages and the themes, and finds no 5xx page.

The demo is loaded once for the module (inside a transaction rolled back at the end); each crawl follows same-site
links breadth first with GET only, skipping what signs out, downloads, deletes or unsubscribes, and what only
machines read, and visits at most PER_PATTERN pages of one shape (`/actions/1/`, `/actions/2/` …) and MAX_PAGES in
all. What each crawl must reach is read from the demo's own data (titles, the statuses' labels, the feedback averages)
in the crawl's language, so a change of wording in a template does not break it, and a page that stops showing them
does.
"""

from __future__ import annotations

import html
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Avg, Count
from django.template.defaultfilters import floatformat
from django.test import Client
from django.utils import translation

from coproduce.delivery.models import Action
from coproduce.engagements.demo import DEMO_PEOPLE, FINISHED_SLUG, MAIN_SLUG
from coproduce.listening.models import Theme
from coproduce.proposals.models import Decision, Proposal

# Not pages to crawl: signing out, files and downloads, deleting or erasing, unsubscribing, the admin, what only
# machines read (the API, feeds, health), and the language switch (a POST).
SKIP = re.compile(
    r"^/(admin|static|media|api/v\d|healthz|i18n)(/|$)"
    r"|logout|download|delete|erase|unsubscribe|export"
    r"|\.(csv|json|zip|ics|svg|xml|atom|txt|pdf|png|ico)(\?|$)"
)
# 100 until journeys and the noticeboard (issues 18, 20); 130 until the engagement's events, the results' "see all"
# list and the organisations' learning pages (issues 19, 20, 21)
MAX_PAGES = 170
PER_PATTERN = 1
LANGUAGES = ["en", "cy"]
PEOPLE = ["anonymous"] + [email for email, *_ in DEMO_PEOPLE]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href:
                self.links.append(href)


def _same_site(href: str) -> str | None:
    href = urldefrag(href)[0]
    parts = urlsplit(href)
    if parts.scheme in ("http", "https"):
        if parts.netloc != "testserver":
            return None
        href = parts.path + (f"?{parts.query}" if parts.query else "")
    if not href.startswith("/") or href.startswith("//") or SKIP.search(href):
        return None
    return href


def _pattern(url: str) -> str:
    """The shape of a page: ids become <n>; in the staff area the engagement too (its pages are the same for each)."""
    path = re.sub(r"/\d+(?=/|$)", "/<n>", urlsplit(url).path)
    path = re.sub(r"^/learning/(items|paths|boards)/[^/]+/", r"/learning/\1/<slug>/", path)  # one of each shape
    return re.sub(r"^/staff/engagements/[^/]+/", "/staff/engagements/<slug>/", path)


@dataclass
class Crawl:
    pages: dict[str, str] = field(default_factory=dict)  # url → html of each page answered 200
    failures: list[str] = field(default_factory=list)  # "status url" of every 5xx


def crawl(client: Client, language: str) -> Crawl:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    result = Crawl()
    seen: set[str] = set()
    per_pattern: Counter[str] = Counter()
    queue = deque(["/"])
    visited = 0
    while queue and visited < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        pattern = _pattern(url)
        if per_pattern[pattern] >= PER_PATTERN:
            continue
        per_pattern[pattern] += 1
        visited += 1
        response = client.get(url)
        if response.status_code >= 500:
            result.failures.append(f"{response.status_code} {url}")
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        result.pages[urlsplit(url).path] = html.unescape(page)
        parser = _Links()
        parser.feed(page)
        for href in parser.links:
            target = _same_site(href)
            if target is not None and target not in seen:
                queue.append(target)
    return result


@pytest.fixture(scope="module")
def demo(demo_loaded):
    """The demo, loaded once for every test of this module (tests/conftest.py)."""


def _client(who: str) -> Client:
    client = Client(raise_request_exception=False)
    if who != "anonymous":
        client.force_login(get_user_model().objects.get(email=who))
    return client


def _texts(obj, name: str, language: str) -> str:
    return getattr(obj, f"{name}_{language}")


def _page(result: Crawl, path: str) -> str | None:
    return result.pages.get(path)


def _expected(language: str) -> dict[str, list[tuple[str, list[str]]]]:
    """For each thing the crawl must reach: the pages (path) that count, and what one of them must show."""
    main = f"/engagements/{MAIN_SLUG}"
    shortlisted = Proposal.objects.filter(engagement__slug=MAIN_SLUG, status=Proposal.Status.SHORTLISTED)
    decision = Decision.objects.filter(engagement__slug=MAIN_SLUG).order_by("pk").first()
    assert decision is not None
    actions = Action.objects.filter(engagement__slug=MAIN_SLUG)
    with translation.override(language):
        statuses = {
            status: (_texts(actions.filter(status=status).first(), "title", language), str(label))
            for status, label in Action.Status.choices
            if status != Action.Status.NOT_POSSIBLE
        }
        rated = (
            actions.filter(status=Action.Status.DONE)
            .annotate(n=Count("feedback"), mean=Avg("feedback__rating"))
            .filter(n__gte=5)
            .order_by("pk")
            .first()
        )
        assert rated is not None
        mean = str(floatformat(rated.mean, 1))
    return {
        "proposals": [(f"{main}/proposals/", [_texts(p, "title", language) for p in shortlisted])],
        "priorities": [(f"{main}/priorities/", [_texts(p, "title", language) for p in shortlisted])],
        "decision": [(f"{main}/decisions/{decision.pk}/", [_texts(decision, "title", language)])],
        "we asked, you said, we did": [
            (f"{main}/we-did/", [text for pair in statuses.values() for text in pair]),
        ],
        "feedback averages": [
            (f"{main}/actions/{rated.pk}/", [_texts(rated, "title", language), mean]),
            (f"{main}/we-did/", [_texts(rated, "title", language), mean]),
        ],
        "themes": [
            (f"{main}/themes/", [_texts(t, "name", language) for t in Theme.objects.filter(engagement__slug=MAIN_SLUG)])
        ],
        "the finished engagement's we did": [
            (
                f"/engagements/{FINISHED_SLUG}/we-did/",
                [_texts(a, "title", language) for a in Action.objects.filter(engagement__slug=FINISHED_SLUG)],
            )
        ],
    }


def missing_from(result: Crawl, language: str) -> list[str]:
    """What the crawl should have reached and did not: a page not reached, or reached without what it must show."""
    missing = []
    for what, candidates in _expected(language).items():
        reached = [(path, needles) for path, needles in candidates if _page(result, path) is not None]
        if not reached:
            missing.append(f"{what}: none of {[path for path, _ in candidates]} reached")
            continue
        if not any(all(needle in _page(result, path) for needle in needles) for path, needles in reached):
            lacking = {path: [n for n in needles if n not in _page(result, path)] for path, needles in reached}
            missing.append(f"{what}: {lacking}")
    return missing


_crawls: dict[tuple[str, str], Crawl] = {}


def crawled(who: str, language: str) -> Crawl:
    if (who, language) not in _crawls:
        with translation.override("en"):
            _crawls[(who, language)] = crawl(_client(who), language)
    return _crawls[(who, language)]


@pytest.mark.django_db
@pytest.mark.one_pass
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("who", PEOPLE)
def test_the_crawl_reaches_the_whole_cycle_and_finds_no_server_error(demo, who, language):
    result = crawled(who, language)
    assert result.failures == [], f"5xx pages as {who} in {language}: {result.failures}"
    missing = missing_from(result, language)
    assert missing == [], f"as {who} in {language}, {len(result.pages)} pages crawled: {missing}"


@pytest.mark.django_db
def test_the_check_fails_when_a_page_is_not_reached_or_lacks_what_it_must_show(demo):
    """The test above can fail: without the priorities page, or with an action's status missing from "we did", the
    check says so."""
    result = crawled("anonymous", "cy")
    assert missing_from(result, "cy") == []
    we_did = f"/engagements/{MAIN_SLUG}/we-did/"
    with translation.override("cy"):
        planned = str(Action.Status.PLANNED.label)
    pages = {path: page for path, page in result.pages.items() if not path.endswith("/priorities/")}
    pages[we_did] = pages[we_did].replace(planned, "")
    missing = missing_from(Crawl(pages=pages), "cy")
    assert [line.split(":")[0] for line in missing] == ["priorities", "we asked, you said, we did"]
