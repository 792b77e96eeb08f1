"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

One browser per session, a fresh context (cookies, viewport, JavaScript on or off) per test. Never a downloaded
browser: `playwright install` does not work on our machines, and CI installs Debian's `chromium`.

A journey parametrised by `javascript` and `language` runs in two of its four variants: JavaScript on in English
and off in Welsh. Each way of working and each language is driven once, at half the time; a journey whose checks
differ across all four (say, one it makes only with JavaScript, once per language) is marked
`@pytest.mark.all_variants`. BROWSER_VARIANTS=all runs every variant of every journey.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.support import AXE_SCRIPT, PHONE

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse database access there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


#: (javascript, language) of the variants a journey runs in unless it is marked all_variants.
TWO_VARIANTS = {(True, "en"), (False, "cy")}


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "all_variants: a browser journey run with JavaScript on and off in both languages, not only "
        "JavaScript on in English and off in Welsh",
    )


def pytest_collection_modifyitems(config, items):
    if os.environ.get("BROWSER_VARIANTS") == "all":
        return
    # A variant asked for by its id (pytest 'tests/browser/test_x.py::test_y[js-cy]') runs as asked.
    named = {arg.replace("\\", "/") for arg in config.args if "[" in arg}
    kept, dropped = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        variant = (params.get("javascript"), params.get("language"))
        if (
            not any(arg.endswith(item.nodeid) for arg in named)
            and item.get_closest_marker("browser") is not None
            and item.get_closest_marker("all_variants") is None
            and {"javascript", "language"} <= params.keys()
            and variant not in TWO_VARIANTS
        ):
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        # Deselected, not skipped: the summary counts them apart from tests that could not run.
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser tests: {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, live_server):
    """new_context(language="cy", user=world.fran, javascript=False, viewport=PHONE, axe=True) -> a BrowserContext.

    language sets the language cookie; user signs that account in (a session made by Django's test client).
    """
    from django.conf import settings as django_settings
    from django.test import Client

    contexts = []

    def make(
        *, language: str | None = None, user=None, javascript: bool = True, viewport: dict = PHONE, axe: bool = False
    ):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            java_script_enabled=javascript,
            locale="en-GB",
        )
        context.set_default_timeout(10_000)
        if axe:
            # Loaded into every page of this context: cheaper than sending axe-core's 500 kB with each check.
            context.add_init_script(AXE_SCRIPT)
        cookies = []
        if language:
            cookies.append({"name": django_settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url})
        if user is not None:
            client = Client()
            client.force_login(user)
            session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
            cookies.append({"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url})
        if cookies:
            context.add_cookies(cookies)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    # Before the database is emptied: the live server may still be running a request's after-response work (an
    # open-data build, an analysis), and PostgreSQL's TRUNCATE deadlocks with the locks it holds.
    from coproduce.core.tasks import wait_until_served

    wait_until_served()


@pytest.fixture
def page(new_context):
    return new_context().new_page()
