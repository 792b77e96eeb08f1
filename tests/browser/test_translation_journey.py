"""Acceptance (issue 15): what participants write stays in their language and is translated by people.

In Welsh, a participant writes a statement in Welsh; the demo's translator (Welsh interface) translates it into
English in the translation queue; the facilitator, a second person, confirms it; then a participant reading in
English meets it on the vote page in English, marked "Translated from Welsh" with the Welsh original one click
away (a <details>, so without JavaScript too), and votes on it: the vote belongs to the statement. With
JavaScript on and off; axe-core (WCAG 2.2 A/AA) finds nothing on any page visited. Interface texts come from the
catalogue through gettext.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from coproduce.conversations.models import Statement, Vote
from coproduce.engagements.models import Engagement
from coproduce.translations.models import Translation
from tests.browser.support import PHONE, screenshot
from tests.browser.test_conversation_journey import SLUG, Checker, Texts, submit, this_participant

pytestmark = pytest.mark.browser

WELSH = "Hoffwn i gael gwybod ymlaen llaw os bydd y meddyg yn hwyr yn y clinig."
ENGLISH = "I would like to be told in advance if the doctor is running late at the clinic."


def take_part(page, t: Texts, check, label: str) -> None:
    page.goto(f"/engagements/{SLUG}/")
    with page.expect_navigation():
        page.get_by_role("link", name=t("Take part"), exact=True).click()
    page.get_by_label(t("I have read how my answers are used and I agree to take part")).check()
    submit(page, page.get_by_role("button", name=t("Start"), exact=True))
    page.wait_for_url(f"**/engagements/{SLUG}/vote/")
    check(page, f"vote ({label})")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_welsh_statement_translated_by_people_and_voted_on_in_english(committed_demo, new_context, javascript):
    run = "js" if javascript else "no-js"
    cy, en = Texts("cy"), Texts("en")
    engagement = Engagement.objects.get(slug=SLUG)
    people = get_user_model().objects
    check = Checker(new_context, javascript)

    # 1. A participant, in Welsh, writes in Welsh and says so.
    welsh_context = new_context(language="cy", javascript=javascript, viewport=PHONE, axe=True)
    writer = welsh_context.new_page()
    take_part(writer, cy, check, f"Welsh participant, {run}")
    with writer.expect_navigation():
        writer.get_by_role("link", name=cy("Write your own statement")).click()
    expect(writer.locator("html")).to_have_attribute("lang", "cy")
    writer.get_by_label(cy("Your statement")).fill(WELSH)
    writer.get_by_label(cy("Welsh"), exact=True).check()
    check(writer, f"write in Welsh ({run})")
    submit(writer, writer.get_by_role("button", name=cy("Add my statement")))
    writer.wait_for_url(f"**/engagements/{SLUG}/vote/")
    statement = Statement.objects.get(text=WELSH)
    assert (statement.language, statement.status) == ("cy", Statement.Status.PUBLISHED)
    assert statement.author == this_participant(welsh_context, engagement)

    # 2. The translator (Welsh interface) finds it in the queue of Welsh statements and translates it.
    translator = new_context(
        language="cy", user=people.get(email="translator@example.org"), javascript=javascript, axe=True
    ).new_page()
    translator.goto("/staff/")
    with translator.expect_navigation():
        # The dashboard links the queue of each engagement the translator works on: this engagement's.
        translator.locator(f'a[href$="/{SLUG}/translations/"]').first.click()
    with translator.expect_navigation():
        translator.get_by_label(cy("Written in")).select_option("cy")
        translator.get_by_role("button", name=cy("Show")).click()
    row = translator.get_by_role("row").filter(has_text=WELSH)
    expect(row.locator('[lang="cy"]')).to_have_text(WELSH)
    check(translator, f"translation queue ({run})")
    with translator.expect_navigation():
        row.get_by_role("link", name=cy("Translate")).click()
    expect(translator.locator('.pair [lang="cy"]')).to_have_text(WELSH)  # the original beside the box
    box = translator.get_by_label(cy("Translation"), exact=True)
    expect(box).to_have_attribute("lang", "en")
    box.fill(ENGLISH)
    check(translator, f"translate ({run})")
    submit(translator, translator.get_by_role("button", name=cy("Propose the translation")))
    expect(
        translator.get_by_text(cy("Translation proposed. Another person must confirm it before people see it."))
    ).to_be_visible()
    translation = Translation.objects.get(object_id=statement.pk)
    assert (translation.status, translation.language, translation.proposed_by.email) == (
        "proposed",
        "en",
        "translator@example.org",
    )

    # 3. The facilitator, a second person, confirms it.
    reviewer = new_context(
        language="cy", user=people.get(email="facilitator@example.org"), javascript=javascript, axe=True
    ).new_page()
    reviewer.goto(f"/staff/engagements/{SLUG}/translations/{statement.pk}/")
    expect(reviewer.locator('.pair [lang="en"]').first).to_have_text(ENGLISH)
    check(reviewer, f"review ({run})")
    submit(reviewer, reviewer.get_by_role("button", name=cy("Confirm the translation")))
    expect(reviewer.get_by_text(cy("Translation confirmed. Readers of its language now see it."))).to_be_visible()
    translation.refresh_from_db()
    assert (translation.status, translation.reviewed_by.email) == ("confirmed", "facilitator@example.org")

    # 4. A participant reading in English meets it in English, with the Welsh one click away, and votes on it.
    voter_context = new_context(language="en", javascript=javascript, viewport=PHONE, axe=True)
    voter = voter_context.new_page()
    take_part(voter, en, check, f"English participant, {run}")
    card = voter.locator("#statement-text")
    published = engagement.conversation.statements.filter(status=Statement.Status.PUBLISHED).count()
    for _ in range(published):
        if card.inner_text() == ENGLISH:
            break
        before = card.inner_text()
        submit(voter, voter.get_by_role("button", name=en("Pass or unsure"), exact=True), javascript_swaps=javascript)
        expect(card).not_to_have_text(before)
    expect(card).to_have_text(ENGLISH)
    expect(card).to_have_attribute("lang", "en")
    original = voter.locator(".translated-original")
    expect(original.locator("summary")).to_have_text(en("Translated from Welsh: see the original"))
    original.locator("summary").click()  # a <details>: opens with JavaScript off too
    expect(original.locator('p[lang="cy"]')).to_have_text(WELSH)
    expect(original.locator('p[lang="cy"]')).to_be_visible()
    check(voter, f"vote on the translated statement ({run})")
    screenshot(voter, f"translation-journey-{run}-vote-390x844")
    submit(voter, voter.get_by_role("button", name=en("Agree"), exact=True), javascript_swaps=javascript)
    expect(card).not_to_have_text(ENGLISH)
    vote = Vote.objects.get(participant=this_participant(voter_context, engagement), statement=statement)
    assert vote.value == Vote.AGREE
