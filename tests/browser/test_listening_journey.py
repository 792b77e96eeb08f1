"""Acceptance (issue 5, item 1): listening beyond the vote, at phone size (390×844), with and without JavaScript.

A spokesperson records a one-to-one conversation whose person agreed to "share anonymised themes" (first sending it
with a mistake: an error summary, nothing saved), extracts two challenges (the anonymisation checklist each time);
a facilitator turns one into a statement of the open conversation; a participant without an account then joins and
votes on it. axe-core (WCAG 2.2 A/AA) finds nothing on any page or state, and no page scrolls sideways.

Then every listening page, in English and Welsh, for the person it is for: axe finds nothing there either.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Statement, Vote
from coproduce.listening.access import settings_of
from coproduce.listening.models import Challenge, ListeningConversation, MentorSummary
from tests.browser.support import PHONE, screenshot
from tests.browser.test_conversation_journey import Checker, Texts, submit, this_participant
from tests.listening.conftest import make_challenge, make_conversation

pytestmark = pytest.mark.browser

CHALLENGES = [
    "Appointment letters arrive after the appointment has happened.",
    "Nobody answers the booking line before ten in the morning.",
]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_listening_journey(world, new_context, javascript):
    t = Texts("en")
    run = "js" if javascript else "no-js"
    engagement = world.public
    slug = engagement.slug
    check = Checker(new_context, javascript)

    # The spokesperson finds the listening pages from the engagement's public page.
    sam = new_context(user=world.sam, javascript=javascript, viewport=PHONE, axe=True).new_page()
    sam.goto(f"/engagements/{slug}/")
    with sam.expect_navigation():
        sam.get_by_role("link", name=t("One-to-one conversations (staff)")).click()
    expect(sam.get_by_role("heading", level=1)).to_have_text(t("One-to-one conversations"))
    check(sam, f"conversations ({run})")
    with sam.expect_navigation():
        sam.get_by_role("link", name=t("Record a conversation")).click()
    expect(sam.get_by_label(t("The question you asked"))).to_have_value(t("What matters to you?"))
    check(sam, f"record ({run})")

    # A named person without a name: an error summary linked to the field, and nothing saved.
    sam.get_by_label(t("Date of the conversation")).fill((timezone.localdate() - dt.timedelta(days=1)).isoformat())
    sam.get_by_label(t("A named person or group")).check()
    sam.get_by_label(t("Notes"), exact=True).fill("Ann told me letters come after the clinic date. Confidential.")
    sam.get_by_label(t("Share anonymised themes from my conversation")).check()
    sam.get_by_label(t("Do not quote me")).check()
    submit(sam, sam.get_by_role("button", name=t("Save the conversation")))
    summary = sam.locator(".error-summary")
    expect(summary.get_by_role("link", name=t("Enter their name, or choose anonymous"))).to_be_visible()
    assert ListeningConversation.objects.count() == 0
    check(sam, f"record with an error ({run})")

    sam.get_by_label(t("Name of the person or group (if named)")).fill("Ann Hughes")
    sam.get_by_label("Patient", exact=True).check()
    submit(sam, sam.get_by_role("button", name=t("Save the conversation")))
    expect(sam.get_by_text(t("The conversation has been recorded."))).to_be_visible()
    conversation = ListeningConversation.objects.get()
    assert conversation.sharing == ListeningConversation.Sharing.THEMES
    assert conversation.author == world.sam and conversation.person_name == "Ann Hughes"
    expect(sam.get_by_text("Ann told me letters come after the clinic date.")).to_be_visible()
    check(sam, f"conversation ({run})")
    screenshot(sam, f"listening-{run}-conversation-390x844")

    # Two challenges: the first with a new theme ("save and add another"), the second under that theme.
    with sam.expect_navigation():
        sam.get_by_role("link", name=t("Add a challenge")).click()
    check(sam, f"add a challenge ({run})")
    sam.get_by_label(t("The challenge, in one sentence")).fill(CHALLENGES[0])
    sam.get_by_label(t("New theme (optional)")).fill("Letters")
    submit(sam, sam.get_by_role("button", name=t("Save and add another")))
    # The checklist was not ticked: nothing saved.
    expect(
        sam.locator(".error-summary").get_by_role("link", name=t("Confirm that the challenge names nobody"))
    ).to_be_visible()
    assert Challenge.objects.count() == 0
    check(sam, f"add a challenge with errors ({run})")
    sam.get_by_label(t("It names nobody")).check()
    sam.get_by_label(t("It has no details that could identify someone (places, dates, conditions, roles)")).check()
    submit(sam, sam.get_by_role("button", name=t("Save and add another")))
    expect(sam.get_by_text(t("The challenge has been saved."))).to_be_visible()
    sam.get_by_label(t("The challenge, in one sentence")).fill(CHALLENGES[1])
    sam.get_by_label("Letters", exact=True).check()
    sam.get_by_label(t("It names nobody")).check()
    sam.get_by_label(t("It has no details that could identify someone (places, dates, conditions, roles)")).check()
    submit(sam, sam.get_by_role("button", name=t("Save the challenge")))
    expect(sam.get_by_role("heading", name=t("Challenges from this conversation"))).to_be_visible()
    assert list(conversation.challenges.values_list("text", flat=True)) == CHALLENGES
    assert all(list(c.themes.values_list("name", flat=True)) == ["Letters"] for c in conversation.challenges.all())

    # The facilitator turns the first into a statement, from the engagement's staff pages.
    fran = new_context(user=world.fran, javascript=javascript, viewport=PHONE, axe=True).new_page()
    fran.goto(f"/staff/engagements/{slug}/")
    with fran.expect_navigation():
        fran.get_by_role("link", name=t("Challenges"), exact=True).click()
    # The challenge as written (the first match: the link below repeats it, visually hidden, for screen readers).
    expect(fran.get_by_text(CHALLENGES[0], exact=True).first).to_be_visible()
    expect(fran.get_by_text("Ann Hughes")).to_have_count(0)
    check(fran, f"challenges ({run})")
    with fran.expect_navigation():
        fran.locator(".challenge").filter(has_text=CHALLENGES[0]).get_by_role(
            "link", name=t("Turn into a statement")
        ).click()
    check(fran, f"turn into a statement ({run})")
    submit(fran, fran.get_by_role("button", name=t("Add to the conversation")))
    expect(fran.get_by_text(t("The challenge is now a statement everyone can vote on."))).to_be_visible()
    statement = Statement.objects.get(text=CHALLENGES[0])
    assert statement.origin == Statement.Origin.LISTENING and statement.author is None
    assert Challenge.objects.get(text=CHALLENGES[0]).statement == statement
    with fran.expect_navigation():
        fran.get_by_role("link", name=t("Themes board")).click()
    expect(fran.get_by_role("row").filter(has_text="Letters")).to_contain_text(CHALLENGES[0])
    check(fran, f"themes board ({run})")

    # A participant without an account joins and votes on it.
    person = new_context(javascript=javascript, viewport=PHONE, axe=True)
    page = person.new_page()
    page.goto(f"/engagements/{slug}/")
    with page.expect_navigation():
        page.get_by_role("link", name=t("Take part"), exact=True).click()
    page.get_by_label(t("I have read how my answers are used and I agree to take part")).check()
    submit(page, page.get_by_role("button", name=t("Start"), exact=True))
    page.wait_for_url(f"**/engagements/{slug}/vote/")
    expect(page.locator("#statement-text")).to_have_text(CHALLENGES[0])
    expect(page.get_by_text(t("From one-to-one listening"))).to_be_visible()
    check(page, f"vote on the listening statement ({run})")
    screenshot(page, f"listening-{run}-vote-390x844")
    submit(page, page.get_by_role("button", name=t("Agree"), exact=True), javascript_swaps=javascript)
    expect(page.get_by_role("heading", name=t("You have voted on every statement so far"))).to_be_visible()
    participant = this_participant(person, engagement)
    assert Vote.objects.get(participant=participant, statement=statement).value == Vote.AGREE


@pytest.mark.parametrize("language", ["en", "cy"])
def test_listening_pages_have_no_axe_violations(world, new_context, language):
    """Every listening page, as first shown and after sending its form empty, for the person it is for."""
    slug = world.public.slug
    conversation = make_conversation(world.public, world.sam, perspective=world.public.perspectives.first())
    theme = world.public.themes.create(name="Letters")
    challenge = make_challenge(conversation, CHALLENGES[0], theme, raised_to_mentor=True)
    MentorSummary.objects.create(engagement=world.public, author=world.mo, text="People raised **letters**.")
    statement = Statement.objects.create(
        conversation=conversation_of(world.public), text="Letters often arrive too late.", origin="listening"
    )
    theme.statements.add(statement)
    settings = settings_of(world.public)
    settings.themes_published = True
    settings.save()
    base = f"/staff/engagements/{slug}"
    pages = [
        (world.sam, f"{base}/listening/", None),
        (world.sam, f"{base}/listening/new/", "Save the conversation"),
        (world.sam, f"{base}/listening/{conversation.pk}/", None),
        (world.sam, f"{base}/listening/{conversation.pk}/consent/", "Withdraw consent"),
        (world.sam, f"{base}/listening/{conversation.pk}/challenges/new/", "Save the challenge"),
        (world.fran, f"{base}/challenges/", None),
        (world.fran, f"{base}/challenges/{challenge.pk}/statement/", None),
        (world.fran, f"{base}/themes/", "Add theme"),
        (world.mo, f"{base}/mentor/", "Publish summary"),
        (world.alice, f"{base}/listening/access-log/", None),
        (world.alice, f"{base}/listening/erase/?q=Pat", None),
        (world.alice, f"{base}/listening/erase/{conversation.pk}/", "Erase now"),
        (None, f"/engagements/{slug}/themes/", None),
        (None, f"/engagements/{slug}/statements/{statement.pk}/", None),
        (world.sam, "/staff/", None),
    ]
    t = Texts(language)
    check = Checker(new_context, True)
    contexts = {}
    for user, url, button in pages:
        key = user.pk if user else None
        if key not in contexts:
            contexts[key] = new_context(language=language, user=user, viewport=PHONE, axe=True).new_page()
        page = contexts[key]
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", language)
        check(page, f"{url} ({language})")
        if button:
            with page.expect_navigation():
                page.get_by_role("button", name=t(button)).click()
            expect(page.locator(".error-summary")).to_be_visible()
            check(page, f"{url} with errors ({language})")
            if language == "cy":
                screenshot(page, f"listening-cy-{url.strip('/').replace('/', '-')}-errors-390x844")
