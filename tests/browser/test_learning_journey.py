"""Acceptance (issue 20), at phone size in Chromium: follow a noticeboard and confirm from the email, join a study
club, save a learning item; and, with JavaScript on, read the saved item, the club and the board with the server
gone, after one online visit.

The offline part stops the server (its own live server, started for this journey) and then reloads: Playwright's
offline mode does not stop a service worker's own fetches, so it could pass while the pages still came from the
network. A request made after the stop must fail, proving the server is gone. JavaScript on in English and off in
Welsh (without JavaScript there is no service worker: everything else works the same); axe-core (WCAG 2.2 A/AA)
finds nothing and no page scrolls sideways.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from coproduce.learning.models import ClubMember, Progress
from coproduce.notifications.models import Subscription
from tests.browser.support import AXE_SCRIPT, PHONE, screenshot
from tests.browser.test_conversation_journey import Checker, Texts, submit
from tests.learning.conftest import learning  # noqa: F401 - the fixture this journey builds on

pytestmark = pytest.mark.browser

EMAIL = "sam.reader@example.org"


class OneRequestHandler(QuietWSGIRequestHandler):
    """One request per connection: a kept-alive connection would let the browser reach a stopped server."""

    def handle(self) -> None:
        self.close_connection = True
        self.handle_one_request()


class ClosingThread(LiveServerThread):
    def _create_server(self, connections_override=None):
        return self.server_class(
            (self.host, self.port),
            OneRequestHandler,
            allow_reuse_address=False,
            connections_override=connections_override,
        )


class StoppableServer(LiveServer):
    """pytest-django's live server, with connections that close after each answer, stopped at most once."""

    def __init__(self) -> None:
        super().__init__("localhost", start=False)
        old = self.thread
        self.thread = ClosingThread(old.host, old.static_handler, connections_override=old.connections_override)
        self.thread.daemon = True
        self.stopped = False
        self.start()

    def stop(self) -> None:
        if not self.stopped:
            self.stopped = True
            super().stop()


class PageChecker(Checker):
    """tests/browser's Checker, whose JavaScript page blocks service workers: a worker's own fetches would go round
    the route that serves it the no-JavaScript page's HTML."""

    def __init__(self, browser, javascript: bool) -> None:
        self.page = None
        if not javascript:
            context = browser.new_context(viewport=PHONE, service_workers="block")
            context.add_init_script(AXE_SCRIPT)
            self.page = context.new_page()


@pytest.fixture
def journey(transactional_db, learning, live_server):  # noqa: F811
    server = StoppableServer()  # this journey's own: it is stopped half way through
    yield learning, server
    server.stop()


def context_for(browser, server, *, language, user, javascript):
    context = browser.new_context(base_url=server.url, viewport=PHONE, java_script_enabled=javascript, locale="en-GB")
    context.set_default_timeout(10_000)
    if javascript:
        context.add_init_script(AXE_SCRIPT)
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {"name": django_settings.LANGUAGE_COOKIE_NAME, "value": language, "url": server.url},
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": server.url,
            },
        ]
    )
    return context


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_learning_journey(journey, browser, javascript, language):
    w, server = journey
    t = Texts(language)
    run = f"{'js' if javascript else 'no-js'}-{language}"
    check = PageChecker(browser, javascript)
    context = context_for(browser, server, language=language, user=w.sam, javascript=javascript)
    page = context.new_page()

    # Follow the board: the shared subscription page, a link by email, then confirmed.
    page.goto("/learning/")
    check(page, f"learning home, {run}")
    page.get_by_role("link", name=w.board.name_cy if language == "cy" else w.board.name_en).click()
    expect(page.locator("h1")).to_have_text(w.board.name_cy if language == "cy" else w.board.name_en)
    check(page, f"board, {run}")
    page.get_by_role("link", name=t("Follow this board by email")).click()
    page.get_by_label(t("Email address")).fill(EMAIL)
    page.get_by_role("radio", name=t("Each time something changes"), exact=True).check()
    check(page, f"follow, {run}")
    submit(page, page.get_by_role("button", name=t("Save")))
    expect(page.locator(".notification")).to_contain_text(
        t(
            "Check your email: we have sent a link to %(email)s. Nothing more is sent until you open it and confirm.",
            email=EMAIL,
        )
    )
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    confirm = re.search(r"https?://[^/\s]+(/notifications/confirm/\S+/)", mail.outbox[0].body).group(1)
    page.goto(confirm)
    submit(page, page.get_by_role("button", name=t("Confirm")))
    expect(page.locator("h1")).to_have_text(t("You will get these emails"))
    assert Subscription.objects.get(email=EMAIL).confirmed_at is not None

    # Join the study club.
    page.goto(w.club.get_absolute_url())
    check(page, f"club, {run}")
    submit(page, page.get_by_role("button", name=t("Join the study club")))
    expect(page.locator(".notification")).to_contain_text(
        t("You have joined the study club. It is kept on this phone to read offline.")
    )
    expect(page.locator("main")).to_contain_text(t("You are a member of this study club."))
    check(page, f"club joined, {run}")
    assert ClubMember.objects.filter(club=w.club, user=w.sam).exists()

    # Save a learning item.
    page.goto(w.item.get_absolute_url())
    submit(page, page.get_by_role("button", name=t("Save to read offline")))
    expect(page.locator(".notification")).to_contain_text(
        t("Saved. You can read it offline on this phone, and find it in “My learning”.")
    )
    check(page, f"item saved, {run}")
    assert Progress.objects.get(user=w.sam, item=w.item).saved
    page.goto("/learning/mine/")
    expect(page.locator("main")).to_contain_text(w.item.title_cy if language == "cy" else w.item.title_en)
    check(page, f"my learning, {run}")
    screenshot(page, f"learning-mine-{run}")
    if not javascript:
        return

    # One online visit has kept them: the worker says how many pages it kept for "My learning".
    page.wait_for_selector("html[data-offline-kept]", state="attached")
    page.goto(w.item.get_absolute_url())
    page.wait_for_selector("html[data-offline-kept]", state="attached")

    server.stop()
    with pytest.raises(PlaywrightError):  # the server is gone: a request outside the worker fails
        context.request.get(f"{server.url}/learning/", timeout=3000)

    page.reload()
    expect(page.locator("h1")).to_have_text(w.item.title_en)
    expect(page.locator(".prose h2")).to_have_text("Read me")  # the content, not only a link
    screenshot(page, f"learning-item-offline-{run}")
    page.goto(w.club.get_absolute_url())
    expect(page.locator("h1")).to_have_text(w.club.name_en)
    expect(page.locator("main")).to_contain_text(t("You are a member of this study club."))
    page.goto(w.board.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Pinned news")
    page.goto("/learning/paths/start/")  # never visited: the offline page says so
    expect(page.locator("h1")).to_have_text(t("You are offline"))
