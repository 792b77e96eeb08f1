"""Communities set agendas too, at phone size (390×844), JavaScript on in English and off in Welsh: pat proposes a
question (first empty: an error summary, nothing saved), sam supports it, alice answers it; axe-core finds nothing on
any page or state, and no page scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from coproduce.community.models import ProposedQuestion, QuestionSupport
from tests.browser.support import PHONE
from tests.browser.test_community_journey import for_item
from tests.browser.test_conversation_journey import Checker, Texts, submit

pytestmark = pytest.mark.browser

QUESTIONS = {
    "en": "What matters to you about the bus to hospital?",
    "cy": "Beth sy’n bwysig i chi am y bws i’r ysbyty?",
}


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_question_is_proposed_supported_and_answered(world, new_context, javascript, language):
    t = Texts(language)
    run = f"{'js' if javascript else 'no-js'}-{language}"
    check = Checker(new_context, javascript)
    question = QUESTIONS[language]

    def browser(user):
        return new_context(language=language, user=user, javascript=javascript, viewport=PHONE, axe=True).new_page()

    pat = browser(world.pat)
    pat.goto(f"/organisations/{world.org.slug}/questions/")
    expect(pat.get_by_role("heading", level=1)).to_have_text(t("Questions people want asked"))
    check(pat, f"questions, none yet ({run})")
    with pat.expect_navigation():
        pat.get_by_role("link", name=t("Propose a question")).click()
    pat.get_by_label(t("The name to show with it")).fill("Cylch Cerdded")
    submit(pat, pat.get_by_role("button", name=t("Propose the question")))
    expect(pat.locator(".error-summary").get_by_role("link", name=t("Enter your question"))).to_be_visible()
    assert not ProposedQuestion.objects.exists()
    check(pat, f"propose with an error ({run})")
    pat.get_by_label(t("Your question")).fill(question)
    submit(pat, pat.get_by_role("button", name=t("Propose the question")))
    expect(pat.get_by_role("heading", level=2, name=question)).to_be_visible()
    check(pat, f"questions ({run})")

    sam = browser(world.sam)
    sam.goto(f"/organisations/{world.org.slug}/questions/")
    submit(sam, sam.get_by_role("button", name=for_item(t("Support this question"), question)))
    expect(sam.get_by_text(t("You support this question."))).to_be_visible()
    assert QuestionSupport.objects.filter(user=world.sam).count() == 1

    alice = browser(world.alice)
    alice.goto(f"/organisations/{world.org.slug}/questions/")
    with alice.expect_navigation():
        alice.get_by_role("link", name=for_item(t("Answer it (staff)"), question)).click()
    check(alice, f"answer ({run})")
    alice.get_by_label(t("We take it up: it is one of our engagements")).check()
    alice.get_by_label(t("The engagement it started (if taken up)")).select_option(str(world.public.pk))
    alice.get_by_label(f"English: {t('Your answer to the people who proposed and supported it')}").fill(
        "We are asking everyone now."
    )
    submit(alice, alice.get_by_role("button", name=t("Publish the answer")))
    expect(alice.get_by_text(t("Your answer has been published."))).to_be_visible()
    assert ProposedQuestion.objects.get().engagement == world.public
    check(alice, f"questions, answered ({run})")
