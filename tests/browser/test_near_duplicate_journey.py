"""Acceptance (issue 16): "Is this what you mean?" before a statement like one already made is published.

A participant at phone size writes a statement much like one of the demo's (in the page's language: the demo's
statements have confirmed translations); instead of adding it, the page asks "Is this what you mean?", shows the
statement in the reader's language, marked with its `lang`, and nothing is written. They agree with it instead: a
vote, and no statement. Then they write another like it and publish theirs anyway: it is added, in their language,
as theirs. With JavaScript on (htmx swaps the question in place and focuses it) in English and off (a two-step
form) in Welsh; axe-core (WCAG 2.2 A/AA) finds nothing on any state, and nothing scrolls sideways.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from coproduce.conversations.models import Statement, Vote
from coproduce.engagements.models import Engagement
from tests.browser.support import PHONE, screenshot
from tests.browser.test_conversation_journey import SLUG, Checker, Texts, submit, this_participant
from tests.browser.test_translation_journey import take_part

pytestmark = pytest.mark.browser

EXISTING = "Parking at the hospital makes me late for appointments."  # a demo statement, confirmed in Welsh
LIKE_IT = {
    "en": (
        "Parking at the hospital always makes me late for my appointments.",
        "Hospital parking makes me late for my appointments!",
    ),
    "cy": (
        "Mae parcio yn yr ysbyty wastad yn fy ngwneud i'n hwyr i'm hapwyntiadau.",
        "Mae parcio'r ysbyty yn fy ngwneud yn hwyr i apwyntiadau bob tro.",
    ),
}


def write(page, t: Texts, text: str, javascript: bool) -> None:
    page.get_by_label(t("Your statement")).fill(text)
    submit(page, page.get_by_role("button", name=t("Add my statement")), javascript_swaps=javascript)


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_is_this_what_you_mean(committed_demo, new_context, javascript, language):
    t = Texts(language)
    run = f"{'js' if javascript else 'no-js'}-{language}"
    engagement = Engagement.objects.get(slug=SLUG)
    existing = engagement.conversation.statements.get(text=EXISTING)
    context = new_context(language=language, javascript=javascript, viewport=PHONE, axe=True)
    page = context.new_page()
    check = Checker(new_context, javascript)
    take_part(page, t, check, run)
    participant = this_participant(context, engagement)
    before = Statement.objects.count()

    # 1. A statement like one already made: the question, the statement in the reader's language, nothing written.
    with page.expect_navigation():
        page.get_by_role("link", name=t("Write your own statement")).click()
    first, second = LIKE_IT[language]
    write(page, t, first, javascript)
    question = page.get_by_role("heading", name=t("Is this what you mean?"))
    expect(question).to_be_visible()
    if javascript:
        expect(question).to_be_focused()  # swapped in by htmx, which focuses it
    card = page.locator(".similar .card").first
    expect(card.locator(f'p[lang="{language}"]').first).to_be_visible()
    if language == "cy":  # the Welsh translation, with the English original a click away
        expect(card.locator(".translated-original summary")).to_have_text(
            t("Translated from English: see the original")
        )
    else:
        expect(card.locator('p[lang="en"]')).to_have_text(EXISTING)
    expect(page.get_by_label(t("Your statement"))).to_have_value(first)  # nothing lost
    assert Statement.objects.count() == before
    check(page, f"is this what you mean ({run})")
    screenshot(page, f"near-duplicate-{run}-question-390x844")

    # 2. Agree with it instead: a vote, and no new statement.
    with page.expect_navigation():
        card.get_by_role("button", name=t("Agree with this instead")).click()
    page.wait_for_url(f"**/engagements/{SLUG}/vote/")
    expect(
        page.get_by_text(t("Thank you. You agreed with a statement already made, and yours was not added."))
    ).to_be_visible()
    assert Vote.objects.get(participant=participant, statement=existing).value == Vote.AGREE
    assert Statement.objects.count() == before
    check(page, f"agreed instead ({run})")

    # 3. Another like it, published anyway: added, in the writer's language, as theirs.
    with page.expect_navigation():
        page.get_by_role("link", name=t("Write your own statement")).click()
    write(page, t, second, javascript)
    expect(page.get_by_role("heading", name=t("Is this what you mean?"))).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name=t("No, publish my statement")).click()
    page.wait_for_url(f"**/engagements/{SLUG}/vote/")
    expect(page.get_by_text(t("Thank you. Your statement has been added for others to vote on."))).to_be_visible()
    written = Statement.objects.get(text=" ".join(second.split()))
    assert (written.author_id, written.language, written.status) == (
        participant.pk,
        language,
        Statement.Status.PUBLISHED,
    )
    assert Statement.objects.count() == before + 1
    # Their own statement is never put to them.
    expect(page.locator("#statement-text")).not_to_have_text(second)
