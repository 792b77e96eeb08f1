"""Issue 13: under the Content-Security-Policy (Chromium enforces it) no page logs a violation, and the scripts
we serve still work: htmx swaps the vote card in place, the Swagger UI draws the API's operations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Statement

pytestmark = pytest.mark.browser

# (path, persona or None)
PAGES = [
    ("/", None),
    ("/engagements/outpatients/", None),
    ("/accounts/login/", None),
    ("/api/", None),
    ("/engagements/outpatients/results/", "fran"),
    ("/staff/", "fran"),
    ("/staff/engagements/outpatients/live/", "fran"),
]


def watch(page) -> list[str]:
    """Every policy violation the page reports, from the console and from the DOM's own event."""
    seen: list[str] = []
    page.on("console", lambda message: seen.append(message.text) if "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: seen.append(f"uncaught: {error}"))
    # Init scripts are added by the browser's debugging protocol, which the policy does not apply to.
    page.add_init_script("""document.addEventListener("securitypolicyviolation", (e) => {
        console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });""")
    return seen


def test_no_page_reports_a_violation(world, new_context):
    conversation = conversation_of(world.public)
    for n in range(3):
        Statement.objects.create(conversation=conversation, text=f"Statement number {n} about appointments")
    failures = []
    for path, persona in PAGES:
        page = new_context(user=getattr(world, persona) if persona else None).new_page()
        seen = watch(page)
        response = page.goto(path)
        assert response.status == 200, path
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
        page.wait_for_load_state("networkidle")
        failures += [f"{path}: {text}" for text in seen]
    assert not failures, "\n".join(failures)


def test_htmx_still_swaps_the_vote_card(world, new_context):
    conversation = conversation_of(world.public)
    for n in range(3):
        Statement.objects.create(conversation=conversation, text=f"Statement number {n} about appointments")
    page = new_context().new_page()
    seen = watch(page)
    page.goto("/engagements/outpatients/take-part/")
    page.locator("input[name=consent]").check()
    with page.expect_navigation():
        page.locator("main [type=submit]").click()
    assert page.url.endswith("/engagements/outpatients/vote/")
    first = page.locator("#vote-card").inner_text()
    # A full page load would forget this; htmx's swap keeps it.
    page.evaluate("window.stillTheSamePage = true")
    page.locator("#vote-card").get_by_role("button", name="Agree", exact=True).click()
    expect(page.locator("#vote-card")).not_to_have_text(first)
    assert page.evaluate("window.stillTheSamePage === true"), "the vote was a full page load: htmx did not run"
    assert not seen, "\n".join(seen)


def test_swagger_ui_draws_the_operations(world, new_context):
    page = new_context().new_page()
    seen = watch(page)
    page.goto("/api/v1/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert not seen, "\n".join(seen)
