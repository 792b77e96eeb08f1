"""Acceptance (issue 7, item 1): from common ground to a decision, at phone size, in Chromium.

A participant writes a proposal citing a common-ground statement (first with nothing filled in: an error summary,
nothing saved) → an expert adds input → a facilitator shortlists it and records the boundary check → two
participants compare every pair ("Which matters more to you?") → the priorities page → the facilitator records a
decision taking the proposal up → the statement's own page shows the proposal and the decision. With JavaScript on
(htmx swaps each pair in place) and off, in English and in Welsh; axe-core (WCAG 2.2 A/AA) finds nothing on any
page or state visited.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from coproduce.conversations.analysis import latest_snapshot
from coproduce.core import bilingual
from coproduce.engagements.models import Engagement, Participant, Phase
from coproduce.proposals.access import Author
from coproduce.proposals.actions import do_write_proposal
from coproduce.proposals.models import Decision, DotAllocation, ExpertInput, PairwiseChoice, Proposal
from coproduce.translations.reading import shown
from tests.browser.support import PHONE, assert_no_axe_violations
from tests.browser.test_conversation_journey import Checker, Texts, submit, this_participant

pytestmark = pytest.mark.browser

SLUG = "outpatient-appointments"


class FreshChecker(Checker):
    """Checker for pages whose address ends in a #fragment (this journey's redirects do): the HTML is served again
    at the address without it (a request never carries the fragment, so a route with it would not match)."""

    def __call__(self, page, label: str) -> None:
        if self.page is None:
            return super().__call__(page, label)
        html, url = page.content(), page.url.split("#")[0]
        self.page.goto("about:blank")
        self.page.route(url, lambda route: route.fulfill(content_type="text/html; charset=utf-8", body=html))
        try:
            self.page.goto(url)
        finally:
            self.page.unroute(url)
        for selector in ("h1", ".error-summary", ".notification"):
            assert self.page.locator(selector).all_inner_texts() == page.locator(selector).all_inner_texts(), selector
        assert_no_axe_violations(self.page, label)
        width, viewport = self.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= viewport, f"{label}: the page is {width}px wide in a {viewport}px viewport"


@pytest.fixture
def codesign_demo(committed_demo):
    engagement = Engagement.objects.get(slug=SLUG)
    # The journey compares its own three options in pairs: the first prioritisation phase (pairs) is opened, and
    # the demo's own options (in its second round, by dots) are taken off the shortlist.
    first_round = engagement.phases.filter(kind=Phase.Kind.PRIORITISE).order_by("starts_on").first()
    engagement.phases.filter(kind=Phase.Kind.PRIORITISE).exclude(pk=first_round.pk).update(state=Phase.State.CLOSED)
    engagement.phases.filter(pk=first_round.pk).update(state=Phase.State.OPEN)
    Proposal.objects.filter(engagement=engagement, status=Proposal.Status.SHORTLISTED).update(
        status=Proposal.Status.OPEN
    )
    # A fresh round: the priorities keep every option ever compared (a decision is read against them), so the
    # demo's own choices and dots go, for the journey's count of people choosing to start from nobody.
    PairwiseChoice.objects.filter(engagement=engagement).delete()
    DotAllocation.objects.filter(engagement=engagement).delete()
    facilitator = get_user_model().objects.get(email="facilitator@example.org")
    conversation = engagement.conversation
    statements = list(conversation.statements.order_by("pk"))
    for title in ("Evening clinics", "Free parking for carers"):
        do_write_proposal(
            engagement,
            Author(user=facilitator),
            title=title,
            summary=f"{title} for everyone.",
            body="",
            statements=statements[:1],
            status=Proposal.Status.SHORTLISTED,
        )
    return engagement


def in_language(page, label: str, language: str):
    """The input of a text staff write side by side in English and Welsh (core/bilingual.py) for one language: each
    is labelled with its language's name, then the field's label for screen readers ("Cymraeg: Pam")."""
    return page.get_by_label(f"{bilingual.NATIVE_NAMES[language]}: {label}", exact=True)


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_codesign_journey(codesign_demo, new_context, javascript, language):
    t = Texts(language)
    run = f"{'js' if javascript else 'no-js'}-{language}"
    engagement = codesign_demo
    User = get_user_model()
    expert, facilitator = (
        User.objects.get(email="expert@example.org"),
        User.objects.get(email="facilitator@example.org"),
    )
    snapshot = latest_snapshot(engagement.conversation)
    common_ids = [int(item["id"]) for item in snapshot.data["summaries"]["common_ground"]]
    assert common_ids, "the demo has common ground"
    cited = engagement.conversation.statements.get(pk=common_ids[0])
    check = FreshChecker(new_context, javascript)

    # --- The participant joins and writes a proposal.
    person = new_context(language=language, javascript=javascript, viewport=PHONE, axe=True).new_page()
    person.goto(f"/engagements/{SLUG}/")
    expect(person.locator("html")).to_have_attribute("lang", language)
    check(person, f"engagement page ({run})")
    with person.expect_navigation():
        person.get_by_role("link", name=t("Take part"), exact=True).click()
    person.get_by_label(t("I have read how my answers are used and I agree to take part")).check()
    submit(person, person.get_by_role("button", name=t("Start"), exact=True))
    participant = this_participant(person.context, engagement)

    person.goto(f"/engagements/{SLUG}/")
    with person.expect_navigation():
        person.locator("#codesign-title").locator("..").get_by_role("link", name=t("Proposals"), exact=True).click()
    expect(person.get_by_role("heading", level=1)).to_have_text(t("Proposals"))
    check(person, f"proposals ({run})")
    with person.expect_navigation():
        person.get_by_role("link", name=t("Write a proposal")).click()
    check(person, f"write a proposal ({run})")
    proposals_before = Proposal.objects.count()
    submit(person, person.get_by_role("button", name=t("Publish my proposal")))
    summary = person.locator(".error-summary")
    expect(summary.get_by_role("link", name=t("Enter a title"))).to_be_visible()
    expect(summary.get_by_role("link", name=t("Choose at least one statement your proposal answers"))).to_be_visible()
    assert Proposal.objects.count() == proposals_before
    check(person, f"write a proposal with errors ({run})")

    title = f"Text reminders the day before ({run})"
    person.get_by_label(t("Title")).fill(title)
    person.get_by_label(t("Summary")).fill("Send a text message the day before every appointment.")
    person.get_by_label(t("The proposal in full (optional)")).fill("- a text\n- a link to rearrange")
    person.get_by_label(t("%(text)s (common ground)", text=shown(cited, "text", language).text)).check()
    submit(person, person.get_by_role("button", name=t("Publish my proposal")))
    proposal = Proposal.objects.get(**{f"title_{language}": title})  # kept in the language it was written in
    person.wait_for_url(f"**{proposal.get_absolute_url()}")
    expect(person.get_by_text(t("Thank you. Your proposal has been published for comments."))).to_be_visible()
    assert proposal.author_participant_id == participant.pk
    assert list(proposal.citations.values_list("statement_id", flat=True)) == [cited.pk]
    check(person, f"proposal ({run})")

    # --- The expert adds input, labelled as such.
    expert_page = new_context(
        language=language, user=expert, javascript=javascript, viewport=PHONE, axe=True
    ).new_page()
    expert_page.goto(proposal.get_absolute_url())
    in_language(expert_page, t("Your expert input"), language).fill(
        "Text reminders cut missed appointments by about a third."
    )
    submit(expert_page, expert_page.get_by_role("button", name=t("Add expert input")))
    expect(expert_page.get_by_text(t("Thank you. Your expert input has been added."))).to_be_visible()
    assert ExpertInput.objects.filter(proposal=proposal, expert=expert).count() == 1
    expect(expert_page.locator("#expert-input .tag", has_text=t("Expert input"))).to_have_count(1)
    check(expert_page, f"proposal with expert input ({run})")

    # --- The facilitator shortlists it and records the boundary check.
    staff = new_context(language=language, user=facilitator, javascript=javascript, viewport=PHONE, axe=True).new_page()
    staff.goto(proposal.get_absolute_url())
    check(staff, f"proposal, facilitator's view ({run})")
    staff.get_by_label(t("Shortlisted"), exact=True).check()
    submit(staff, staff.get_by_role("button", name=t("Save the status")))
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SHORTLISTED
    staff.get_by_label(t("Within the boundaries"), exact=True).check()
    in_language(staff, t("Why"), language).fill("Reminders are in scope.")
    submit(staff, staff.get_by_role("button", name=t("Save the boundary check")))
    expect(staff.get_by_text(t("The boundary check has been saved."))).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.boundary == Proposal.Boundary.WITHIN

    # --- The participant compares every pair of the three options.
    person.goto(f"/engagements/{SLUG}/")
    with person.expect_navigation():
        person.get_by_role("link", name=t("Choose what matters more to you")).click()
    expect(person.get_by_role("heading", level=1)).to_have_text(t("Which matters more to you?"))
    check(person, f"which matters more ({run})")
    for n in range(3):
        card = person.locator("#pair-card")
        buttons = card.locator("button[name=choice]")
        expect(buttons).to_have_count(3)
        if n == 1:
            choice = card.get_by_role("button", name=t("I can’t decide"))
        elif card.get_by_role("button", name=title).count():
            choice = card.get_by_role("button", name=title)
        else:
            choice = buttons.first
        submit(person, choice, javascript_swaps=javascript)
        expect(card.locator(".card__meta").or_(card.locator(".panel"))).to_be_visible()
        if n < 2:
            expect(card.locator(".card__meta")).to_have_text(
                t.plural("You have compared %(counter)s pair.", "You have compared %(counter)s pairs.", n + 1)
            )
    expect(person.get_by_role("heading", name=t("You have compared every pair"))).to_be_visible()
    assert PairwiseChoice.objects.filter(participant=participant).count() == 3
    assert PairwiseChoice.objects.filter(participant=participant, chosen__isnull=True).count() == 1
    check(person, f"every pair compared ({run})")
    # A second participant compares every pair too (without checks: the first one's pages were checked).
    other = new_context(language=language, javascript=javascript, viewport=PHONE).new_page()
    other.goto(f"/engagements/{SLUG}/take-part/")
    other.get_by_label(t("I have read how my answers are used and I agree to take part")).check()
    submit(other, other.get_by_role("button", name=t("Start"), exact=True))
    other.goto(f"/engagements/{SLUG}/prioritise/")
    for n in range(3):
        submit(other, other.locator("#pair-card button[name=choice]").first, javascript_swaps=javascript)
        if n < 2:
            expect(other.locator("#pair-card .card__meta")).to_have_text(
                t.plural("You have compared %(counter)s pair.", "You have compared %(counter)s pairs.", n + 1)
            )
    expect(other.get_by_role("heading", name=t("You have compared every pair"))).to_be_visible()
    assert PairwiseChoice.objects.filter(participant=this_participant(other.context, engagement)).count() == 3

    # Two people have chosen: too few for the ranking (core.privacy's threshold, 5). Three more compare every pair.
    with person.expect_navigation():
        person.locator("#pair-card").get_by_role("link", name=t("See the priorities")).click()
    expect(person.get_by_role("table", name=t("Priorities, highest first"))).to_have_count(0)
    options = list(Proposal.objects.filter(engagement=engagement, status=Proposal.Status.SHORTLISTED).order_by("pk"))
    for n in range(3):
        someone = Participant.objects.create(engagement=engagement, consented_at=timezone.now())
        for i, a in enumerate(options):
            for b in options[i + 1 :]:
                PairwiseChoice.objects.create(
                    engagement=engagement,
                    participant=someone,
                    option_a=a,
                    option_b=b,
                    chosen=a,
                    nonce=f"x{n}{a.pk}{b.pk}",
                )
    person.reload()
    priorities = person.get_by_role("table", name=t("Priorities, highest first"))
    expect(priorities).to_be_visible()
    # Every option took part in 2 comparisons by each of the 5 participants.
    expect(priorities.locator("tbody tr")).to_have_count(3)
    for row in priorities.locator("tbody tr").all():
        expect(row.locator("td").last).to_have_text("10")
    expect(person.locator(".chart-box svg")).to_be_visible()
    check(person, f"priorities ({run})")

    # --- The facilitator records the decision.
    staff.goto(f"/staff/engagements/{SLUG}/proposals/")
    check(staff, f"staff proposals ({run})")
    with staff.expect_navigation():
        staff.locator(".staff-nav").get_by_role("link", name=t("Record a decision")).click()
    check(staff, f"record a decision ({run})")
    # Staff write in the language of their page here; the other one can be added later (the compliance page).
    in_language(staff, t("What was decided"), language).fill(f"We will send text reminders ({run})")
    in_language(staff, t("Who decided"), language).fill("The health board")
    staff.get_by_label(t("When it was decided")).fill("2026-11-20")
    in_language(staff, t("Why"), language).fill("Most people agreed, and the expert said it works.")
    staff.get_by_label(title).check()
    in_language(staff, t("What was not done, and why"), language).fill(
        "Free parking: the car park is run by the council."
    )
    submit(staff, staff.get_by_role("button", name=t("Publish the decision")))
    decision = Decision.objects.get(**{f"title_{language}": f"We will send text reminders ({run})"})
    staff.wait_for_url(f"**{decision.get_absolute_url()}")
    assert list(decision.proposals.values_list("pk", flat=True)) == [proposal.pk]
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DECIDED
    check(staff, f"decision ({run})")

    # --- The statement's own page shows the proposal and the decision (the golden thread).
    person.goto(proposal.get_absolute_url())
    with person.expect_navigation():
        person.locator("section", has=person.locator("#answers-title")).get_by_role(
            "link", name=shown(cited, "text", language).text
        ).click()
    expect(person.get_by_role("heading", name=t("Proposals that answer this statement"))).to_be_visible()
    expect(person.get_by_role("link", name=title)).to_be_visible()
    expect(person.get_by_role("link", name=f"We will send text reminders ({run})")).to_be_visible()
    expect(person.locator("html")).to_have_attribute("lang", language)
    check(person, f"statement with proposal and decision ({run})")
