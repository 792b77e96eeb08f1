"""Acceptance (issue 4, item 1): a participant's whole conversation journey, at phone size, in Chromium.

join → consent (first without ticking: an error, nothing saved) → perspective → vote on 10 statements → change a
vote → write a statement (first empty, then a duplicate, then a new one) → results: "you are here" on the map,
their group, and the common ground. With JavaScript on (htmx swaps each card in place) and off (plain POST and
redirect), in English and in Welsh. axe-core (WCAG 2.2 A/AA) finds nothing on any page or state visited.

Interface texts are read from the Welsh catalogue through gettext, never copied here, so rewording a string in
the catalogue does not break the test.
"""

from __future__ import annotations

import uuid

import pytest
from django.core import signing
from django.utils import translation
from playwright.sync_api import expect

from coproduce.conversations.models import Statement, Vote
from coproduce.engagements.models import Engagement, Participant
from coproduce.engagements.participants import COOKIE_NAME, SALT
from coproduce.translations.reading import versions
from tests.browser.support import PHONE, assert_no_axe_violations, screenshot

pytestmark = pytest.mark.browser

SLUG = "outpatient-appointments"
VOTES = 10
# The ten votes, in order: a mix of agree (1), disagree (-1) and pass (0).
CHOICES = [1, 1, -1, 0, 1, -1, 1, 0, 1, 1]
BUTTONS = {1: "Agree", -1: "Disagree", 0: "Pass or unsure"}


class Texts:
    """The interface's words in one language, from the catalogue (locale/cy/LC_MESSAGES/django.po)."""

    def __init__(self, language: str):
        self.language = language

    def __call__(self, msgid: str, **values) -> str:
        with translation.override(self.language):
            text = translation.gettext(msgid)
        return text % values if values else text

    def plural(self, singular: str, plural: str, n: int) -> str:
        with translation.override(self.language):
            return translation.ngettext(singular, plural, n) % {"counter": n}

    def progress(self, voted: int, remaining: int) -> str:
        return (
            self.plural("You have voted on %(counter)s statement.", "You have voted on %(counter)s statements.", voted)
            + " "
            + self.plural("%(counter)s left.", "%(counter)s left.", remaining)
        )


class Checker:
    """axe-core's WCAG 2.2 A/AA rules find nothing, and the page does not scroll sideways at phone width.

    axe is JavaScript: on a page with JavaScript turned off Playwright cannot run it (evaluate never returns). So
    the no-JavaScript page's HTML, exactly as the browser holds it, is served again at its own address to a page
    with JavaScript on (styles and images load from the live server as usual), and checked there.
    """

    def __init__(self, new_context, javascript: bool):
        self.page = None if javascript else new_context(javascript=True, viewport=PHONE, axe=True).new_page()

    def __call__(self, page, label: str) -> None:
        target = page
        if self.page is not None:
            html, url = page.content(), page.url
            self.page.route(url, lambda route: route.fulfill(content_type="text/html; charset=utf-8", body=html))
            try:
                self.page.goto(url)
            finally:
                self.page.unroute(url)
            target = self.page
            # The very state that was shown (say, its error summary), not the page as a new visit would show it.
            for selector in ("h1", ".error-summary", ".notification", "#statement-text"):
                assert target.locator(selector).all_inner_texts() == page.locator(selector).all_inner_texts(), selector
        assert_no_axe_violations(target, label)
        width, viewport = target.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= viewport, f"{label}: the page is {width}px wide in a {viewport}px viewport"


def submit(page, button, javascript_swaps: bool = False) -> None:
    """Press a form's button and wait for the page that answers (a full navigation unless htmx swaps in place)."""
    if javascript_swaps:
        button.click()
    else:
        with page.expect_navigation():
            button.click()


def read_as(statement: Statement, language: str) -> str:
    """The words a reader of `language` sees: the demo's seed statements have both languages (coproduce.translations)."""
    return versions(statement)[language] or statement.text


def this_participant(context, engagement: Engagement) -> Participant:
    """The participant record named by the browser's signed participant cookie."""
    raw = next(c["value"] for c in context.cookies() if c["name"] == COOKIE_NAME)
    ids = [uuid.UUID(value) for value in signing.loads(raw, salt=SALT)]
    return Participant.objects.get(engagement=engagement, public_id__in=ids)


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_conversation_journey(committed_demo, new_context, monkeypatch, javascript, language):
    t = Texts(language)
    run = f"{'js' if javascript else 'no-js'}-{language}"
    engagement = Engagement.objects.get(slug=SLUG)
    conversation = engagement.conversation
    people_before = Participant.objects.filter(engagement=engagement).count()
    context = new_context(javascript=javascript, viewport=PHONE, axe=True)
    page = context.new_page()
    check = Checker(new_context, javascript)

    # The engagement page, in the chosen language through the header's switch.
    page.goto(f"/engagements/{SLUG}/")
    if language == "cy":
        with page.expect_navigation():
            page.get_by_role("button", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", language)

    # Take part: the privacy notice first.
    with page.expect_navigation():
        page.get_by_role("link", name=t("Take part"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Take part"))
    expect(page.get_by_role("heading", name=t("How we use your answers"))).to_be_visible()
    check(page, f"take part ({run})")

    # "Start" without agreeing: an error summary, linked to the checkbox, and nothing saved.
    submit(page, page.get_by_role("button", name=t("Start"), exact=True))
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text(t("There is a problem"))
    consent_error = t("Tick the box to say you agree, or leave this page if you do not want to take part")
    expect(summary.get_by_role("link", name=consent_error)).to_be_visible()
    assert Participant.objects.filter(engagement=engagement).count() == people_before
    assert COOKIE_NAME not in {c["name"] for c in context.cookies()}
    check(page, f"take part with errors ({run})")

    # Agree, choose a perspective, start.
    perspective = engagement.perspectives.order_by("position").first()
    assert perspective is not None, "the demo engagement has perspectives"
    page.get_by_label(t("I have read how my answers are used and I agree to take part")).check()
    page.get_by_label(getattr(perspective, f"name_{language}"), exact=True).check()
    submit(page, page.get_by_role("button", name=t("Start"), exact=True))
    page.wait_for_url(f"**/engagements/{SLUG}/vote/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("status").filter(has_text=t("You are now taking part. Thank you."))).to_be_visible()
    participant = this_participant(context, engagement)
    assert participant.consented_at is not None
    assert participant.perspective_id == perspective.pk
    assert Participant.objects.filter(engagement=engagement).count() == people_before + 1

    # Vote on ten statements, one at a time.
    published = conversation.statements.filter(status=Statement.Status.PUBLISHED).count()
    progress = page.locator(".vote-card .card__meta").first
    statement_text = page.locator("#statement-text")
    expect(progress).to_have_text(t.progress(0, published))
    check(page, f"vote ({run})")
    screenshot(page, f"conversation-journey-{run}-vote-390x844")
    voted_on: dict[str, int] = {}
    for n, value in enumerate(CHOICES, start=1):
        text = statement_text.inner_text()
        assert text not in voted_on, f"statement shown twice: {text}"
        voted_on[text] = value
        url_before = page.url
        submit(page, page.get_by_role("button", name=t(BUTTONS[value]), exact=True), javascript_swaps=javascript)
        # The progress text changes: with JavaScript when htmx has swapped in the next card, without after a reload.
        expect(progress).to_have_text(t.progress(n, published - n))
        assert page.url == url_before
        if javascript:
            # Issue 16: after a vote in place, focus moves to the new statement (a keyboard or screen reader user
            # carries on from it, instead of from a button that is gone).
            expect(page.locator(".vote-card")).to_be_focused()
    assert len(voted_on) == VOTES
    votes = Vote.objects.filter(participant=participant)
    assert votes.count() == VOTES
    assert {read_as(v.statement, language): v.value for v in votes.select_related("statement")} == voted_on
    # The next statement is still keyboard- and screen-reader-ready after ten swaps.
    check(page, f"vote after {VOTES} votes ({run})")

    # See and change a vote: the first "agree" becomes "disagree".
    with page.expect_navigation():
        page.get_by_role("link", name=t("See and change your votes")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Your votes"))
    assert page.locator(".my-vote").count() == VOTES
    check(page, f"my votes ({run})")
    changed = next(text for text, value in voted_on.items() if value == 1)
    item = page.locator(".my-vote").filter(has_text=changed)
    submit(page, item.get_by_role("button", name=t("Change to disagree")))
    page.wait_for_url(f"**/engagements/{SLUG}/my-votes/")
    expect(page.get_by_text(t("Your vote has been changed."))).to_be_visible()
    expect(page.locator(".my-vote").filter(has_text=changed).locator("strong")).to_have_text(t("Disagree"))
    assert next(v.value for v in votes.select_related("statement") if read_as(v.statement, language) == changed) == -1
    assert Vote.objects.filter(participant=participant).count() == VOTES

    # Issue 21: the votes a page at a time (4 here); a change of vote on a later page comes back to that page.
    monkeypatch.setattr("coproduce.conversations.views.MY_VOTES_PER_PAGE", 4)
    with page.expect_navigation():
        page.goto(f"/engagements/{SLUG}/my-votes/")
    expect(page.locator(".my-vote")).to_have_count(4)
    with page.expect_navigation():
        page.get_by_role("link", name=t("Next page")).click()
    first = page.locator(".my-vote").first
    words = first.locator(".my-vote__statement").inner_text()
    before = first.locator("strong").inner_text()
    submit(page, first.get_by_role("button").first)
    page.wait_for_url(f"**/engagements/{SLUG}/my-votes/?page=2")
    expect(page.get_by_text(t("Your vote has been changed."))).to_be_visible()
    expect(page.locator(".my-vote").filter(has_text=words).locator("strong")).not_to_have_text(before)
    check(page, f"my votes, page 2 ({run})")
    assert Vote.objects.filter(participant=participant).count() == VOTES

    # Write a statement: first empty, then one already made (case, spacing and punctuation differ), then a new one.
    with page.expect_navigation():
        page.get_by_role("link", name=t("Back to voting")).click()
    with page.expect_navigation():
        page.get_by_role("link", name=t("Write your own statement")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Write a statement"))
    check(page, f"write ({run})")
    field = page.get_by_label(t("Your statement"))
    add = page.get_by_role("button", name=t("Add my statement"))
    # With JavaScript, htmx swaps the form in place (issue 16): no new page until the statement is added.
    submit(page, add, javascript_swaps=javascript)
    expect(page.locator(".error-summary").get_by_role("link", name=t("Enter your statement"))).to_be_visible()
    check(page, f"write with an error: empty ({run})")

    seed = conversation.statements.filter(origin=Statement.Origin.SEED).order_by("pk").first()
    field.fill("  " + seed.text.upper().rstrip(".") + " !  ")
    submit(page, add, javascript_swaps=javascript)
    duplicate_error = t("Someone has already made this statement. You can vote on it instead.")
    expect(page.locator(".error-summary").get_by_role("link", name=duplicate_error)).to_be_visible()
    expect(page.get_by_role("link", name=read_as(seed, language))).to_have_attribute(
        "href", f"/engagements/{SLUG}/statements/{seed.pk}/"
    )
    check(page, f"write with an error: duplicate ({run})")
    statements_before = conversation.statements.count()

    mine = f"Clinic letters should include a map of the hospital site ({run})."
    field.fill(mine)
    submit(page, add)
    page.wait_for_url(f"**/engagements/{SLUG}/vote/")
    expect(page.get_by_text(t("Thank you. Your statement has been added for others to vote on."))).to_be_visible()
    # It is there for everyone else to vote on: published (the demo moderates after publishing), by this participant.
    assert conversation.statements.count() == statements_before + 1
    written = conversation.statements.get(text=mine)
    assert written.status == Statement.Status.PUBLISHED
    assert written.author_id == participant.pk
    assert written.origin == Statement.Origin.PARTICIPANT
    # Never their own to vote on (issue 16): what is left to them is what it was.
    expect(progress).to_have_text(t.progress(VOTES, published - VOTES))

    # Results: my place on the map, my group, and the common ground.
    with page.expect_navigation():
        page.get_by_role("link", name=t("See where people agree")).first.click()
    page.wait_for_url(f"**/engagements/{SLUG}/results/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Where people agree"))
    opinion_map = page.locator(".chart-box svg")
    expect(opinion_map).to_contain_text(t("You are here"))
    expect(page.get_by_role("row").filter(has=page.locator(".tag", has_text=t("your group")))).to_have_count(1)
    common_ground = page.get_by_role("table", name=t("Common ground across opinion groups"))
    expect(common_ground).to_be_visible()
    assert common_ground.locator("tbody tr").count() >= 1
    expect(page.locator("html")).to_have_attribute("lang", language)
    check(page, f"results ({run})")
    screenshot(page, f"conversation-journey-{run}-results-390x844")


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_results_show_the_strongest_first_and_every_statement_pages_and_filters(
    committed_demo, new_context, settings, monkeypatch, javascript, language
):
    """Issue 21: each results section shows its strongest statements first, the map shows density above the
    setting, and "see all" pages and filters with a plain GET form and links (the same with JavaScript or not).
    The settings are lowered so that the demo's conversation is "big"."""
    settings.COPRODUCE_RESULTS_TOP = 1
    settings.COPRODUCE_MAP_BIN_ABOVE = 3
    monkeypatch.setattr("coproduce.conversations.views.RESULTS_PER_PAGE", 4)
    t = Texts(language)
    run = f"{'js' if javascript else 'no-js'}-{language}"
    context = new_context(javascript=javascript, viewport=PHONE, axe=True)
    page = context.new_page()
    check = Checker(new_context, javascript)
    page.goto(f"/engagements/{SLUG}/")
    if language == "cy":
        with page.expect_navigation():
            page.get_by_role("button", name="Cymraeg").click()

    page.goto(f"/engagements/{SLUG}/results/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Where people agree"))
    for caption in ("Common ground across opinion groups", "Statements that divide opinion groups"):
        table = page.get_by_role("table", name=t(caption))
        if table.count():
            expect(table.locator("tbody tr")).to_have_count(1)
    expect(page.locator(".chart-box svg path[fill-opacity]").first).to_be_attached()
    expect(page.locator(".chart-box")).to_contain_text(
        t(
            "So many people have voted that the map shows how many are in each part of it, not each person. "
            "The table gives the number in each group."
        )
    )
    check(page, f"results, strongest first ({run})")

    with page.expect_navigation():
        page.get_by_role("link", name=t("See every statement and how people voted, and search them")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("All statements and how people voted"))
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(4)
    first_page = rows.first.locator(".statement-cell__text").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name=t("Next page")).click()
    expect(page.locator(".pagination")).to_contain_text(t("Previous page"))
    assert rows.first.locator(".statement-cell__text").inner_text() != first_page
    check(page, f"every statement, page 2 ({run})")

    # Words from a statement as the reader sees it find it, whichever language it was written in.
    page.get_by_label(t("Words in the statement")).fill(first_page)
    with page.expect_navigation():
        page.get_by_role("button", name=t("Show statements")).click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(first_page)
    expect(page.get_by_label(t("Words in the statement"))).to_have_value(first_page)
    expect(page.locator("html")).to_have_attribute("lang", language)
    check(page, f"every statement, searched ({run})")
