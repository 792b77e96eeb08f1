"""Acceptance (issue 16): the projector view, at phone size and on a wide screen, in Chromium.

A facilitator opens the live view of a conversation with results. The join address is shown in large type with its
QR code (inline SVG, named); the page does not scroll sideways and axe-core (WCAG 2.2 A/AA) finds nothing. With
JavaScript a "Full screen" button makes the screen full screen (the Fullscreen API) and the projector then fills it;
htmx polls the panel: an unchanged panel is left alone (the same element stays in the page), and a new statement
shows in the figures at the next poll. Without JavaScript the button stays hidden and a meta refresh reloads the
page. JavaScript on in English and off in Welsh.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coproduce.conversations.access import conversation_of
from coproduce.conversations.analysis import compute_snapshot
from coproduce.conversations.models import Statement, Vote
from coproduce.engagements.models import Participant
from tests.browser.support import DESKTOP, PHONE, screenshot
from tests.browser.test_conversation_journey import Checker, Texts

pytestmark = pytest.mark.browser


@pytest.fixture
def live(transactional_db, world):
    engagement = world.public
    conversation = conversation_of(engagement)
    statements = [
        Statement.objects.create(conversation=conversation, text=text, origin=Statement.Origin.SEED)
        for text in ("Reminders should come by text", "Letters arrive too late", "Parking is hard to find")
    ]
    for n in range(8):
        someone = Participant.objects.create(engagement=engagement, consented_at=timezone.now())
        for i, statement in enumerate(statements):
            Vote.objects.create(
                conversation=conversation, participant=someone, statement=statement, value=1 if (n + i) % 3 else -1
            )
    compute_snapshot(conversation)
    return world


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_projector_journey(live, new_context, live_server, javascript, language):
    t = Texts(language)
    run = f"{'js' if javascript else 'no-js'}-{language}"
    check = Checker(new_context, javascript)
    slug = live.public.slug
    url = f"/staff/engagements/{slug}/live/"
    join = f"{live_server.url}/engagements/{slug}/take-part/"

    context = new_context(language=language, user=live.fran, javascript=javascript, viewport=PHONE, axe=javascript)
    page = context.new_page()
    page.goto(url)
    expect(page.locator(".projector__join-url")).to_have_text(join)
    expect(page.locator(".projector__join")).to_contain_text(t("Take part from your phone:"))
    qr = page.locator("svg.qr")
    expect(qr).to_be_visible()
    assert qr.get_attribute("role") == "img" and slug in qr.get_attribute("aria-label")
    expect(page.locator(".stats")).to_contain_text("3")  # statements
    check(page, f"projector at phone size, {run}")
    screenshot(page, f"projector-phone-{run}")

    button = page.get_by_role("button", name=t("Full screen"))
    if not javascript:
        expect(button).to_be_hidden()
        assert page.locator('noscript meta[http-equiv="refresh"]').count() == 1
        return

    # A wide screen, as a projector is: the button makes the projector fill the screen, and leaves it again.
    page.set_viewport_size(DESKTOP)
    expect(button).to_be_visible()
    button.click()
    page.wait_for_function("document.fullscreenElement === document.querySelector('[data-projector]')")
    box = page.evaluate(
        "(() => { const r = document.querySelector('[data-projector]').getBoundingClientRect();"
        " return [r.width, r.height, window.innerWidth, window.innerHeight]; })()"
    )
    assert box[0] >= box[2] - 1 and box[1] >= box[3] - 1, (
        f"full screen projector is {box[0]}×{box[1]} of {box[2]}×{box[3]}"
    )
    leave = page.get_by_role("button", name=t("Leave full screen"))
    expect(leave).to_be_visible()
    screenshot(page, f"projector-full-screen-{run}")
    leave.click()
    page.wait_for_function("document.fullscreenElement === null")
    expect(page.get_by_role("button", name=t("Full screen"))).to_be_visible()

    # Light refresh: htmx polls the panel; an unchanged panel is not redrawn, a changed one is.
    def poll():
        with page.expect_response(lambda r: r.url.endswith(url) and r.request.headers.get("hx-request") == "true"):
            pass
        # The answer has arrived; htmx swaps and settles after it (later on a busy machine): wait until it is done.
        page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")

    poll()  # the first poll tells the page its panel's ETag
    page.evaluate("window.firstCell = document.querySelector('#projector-panel .stats')")
    poll()
    page.wait_for_timeout(200)  # the swap, had there been one, happens right after the answer
    assert page.evaluate("window.firstCell === document.querySelector('#projector-panel .stats')"), "redrawn unchanged"
    Statement.objects.create(conversation=conversation_of(live.public), text="Evening clinics would help")
    poll()
    expect(page.locator("#projector-panel .stats__item").nth(2).locator("dd")).to_have_text("4")
    assert not page.evaluate("window.firstCell === document.querySelector('#projector-panel .stats')")
    check(page, f"projector after a refresh, {run}")
