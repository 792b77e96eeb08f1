"""Acceptance (issue 8, items 1 and 5): "we asked, you said, we did", at phone size, in Chromium.

A participant wrote a statement; a proposal cites it; a decision takes the proposal up; an action delivers the
decision. The participant asks to be emailed about changes (in Welsh in the Welsh run) and confirms from the link
emailed to them (double opt-in). A facilitator moves the action
planned → in progress → done (first trying "not possible" with no reason: an error summary, nothing saved). The
participant is emailed each time (Django's locmem backend; the live server runs in this process, so
django.core.mail.outbox holds what it sent), follows the link in the email, sees the status and the whole thread
(decision, proposal, their statement, its theme), gives feedback (first with nothing chosen: an error summary), and
the aggregate appears once five people have answered. The report is printed to PDF (Chromium) and a screenshot of its
first page in print styles is saved to test-artifacts/. The email's unsubscribe link works without signing in.
With JavaScript on and off, in English and Welsh; axe-core (WCAG 2.2 A/AA) finds nothing on any page visited.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Statement
from coproduce.delivery import actions
from coproduce.delivery.models import Action, Feedback
from coproduce.engagements.models import Participant
from coproduce.engagements.participants import COOKIE_NAME, make_token
from coproduce.listening.models import Theme
from coproduce.notifications.models import Subscription, Unsubscribed
from coproduce.notifications.topics import Subscriber
from coproduce.proposals.access import Author
from coproduce.proposals.actions import do_record_decision, do_write_proposal
from tests.browser.support import ARTIFACTS, PHONE, screenshot
from tests.browser.test_conversation_journey import Checker, Texts, submit
from tests.delivery.conftest import open_review

pytestmark = pytest.mark.browser


@pytest.fixture
def story(transactional_db, world, settings, live_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = live_server.url
    engagement = world.public
    open_review(engagement)
    patient = engagement.perspectives.first()
    author = Participant.objects.create(engagement=engagement, consented_at=timezone.now(), perspective=patient)
    statement = Statement.objects.create(
        conversation=conversation_of(engagement), author=author, text="I never get a reminder before my appointment"
    )
    Theme.objects.create(engagement=engagement, name="Reminders").statements.add(statement)
    proposal = do_write_proposal(
        engagement,
        Author(user=world.fran),
        title="Text reminders",
        summary="A text two days before.",
        body="",
        statements=[statement],
    )
    decision = do_record_decision(
        world.fran,
        engagement,
        title="We will send text reminders",
        decided_by="The outpatients board",
        decided_on=timezone.localdate(),
        reasons="People agreed.",
        not_done="",
        proposals=[proposal],
    )
    action = actions.do_create_action(
        world.fran,
        decision,
        title="Send a text two days before",
        description="From *January*.",
        owner="Outpatients booking team",
        target_date=None,
    )
    return SimpleNamespace(
        world=world,
        engagement=engagement,
        author=author,
        statement=statement,
        proposal=proposal,
        decision=decision,
        action=action,
        patient=patient,
    )


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_you_said_we_did_journey(story, new_context, live_server, javascript, language):
    t = Texts(language)
    run = f"{'js' if javascript else 'no-js'}-{language}"
    check = Checker(new_context, javascript)
    engagement, action = story.engagement, story.action
    if language == "cy":
        assert t("Done") != "Done", "the Welsh catalogue translates the statuses"

    # The participant's browser (their signed participant cookie), in their language.
    person = new_context(language=language, javascript=javascript, viewport=PHONE, axe=javascript)
    person.add_cookies([{"name": COOKIE_NAME, "value": make_token([story.author.public_id]), "url": live_server.url}])
    page = person.new_page()
    page.goto(f"/engagements/{engagement.slug}/")
    page.get_by_role("link", name=t("We asked, you said, we did")).click()
    expect(page.locator("h1")).to_have_text(t("We asked, you said, we did"))
    check(page, f"report before, {run}")
    page.get_by_role("link", name=t("Email me when something I contributed to changes")).click()
    page.get_by_label(t("Email address")).fill("author@example.org")
    page.get_by_role("radio", name=t("Each time something changes"), exact=True).check()
    page.get_by_role("radio", name="Cymraeg" if language == "cy" else "English", exact=True).check()
    check(page, f"notifications form, {run}")
    submit(page, page.get_by_role("button", name=t("Save")))
    subscription = Subscription.objects.get(subscriber=Subscriber.participant(story.author.pk).key)
    assert (subscription.email, subscription.language) == ("author@example.org", language)
    # Double opt-in: the link in the email, opened in the same browser, shows a button; pressing it confirms.
    assert subscription.confirmed_at is None and [m.to for m in mail.outbox] == [["author@example.org"]]
    confirm = re.search(re.escape(live_server.url) + r"(/notifications/confirm/\S+/)", mail.outbox[0].body).group(1)
    page.goto(confirm)
    check(page, f"confirm, {run}")
    submit(page, page.get_by_role("button", name=t("Confirm")))
    expect(page.locator("h1")).to_have_text(t("You will get these emails"))
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    mail.outbox.clear()

    # The facilitator moves the action on (in English: staff and participants need not share a language).
    staff = new_context(user=story.world.fran, javascript=javascript, viewport=PHONE, axe=javascript).new_page()
    staff.goto(f"/engagements/{engagement.slug}/actions/{action.pk}/")
    staff.get_by_role("radio", name="Not possible", exact=True).check()
    submit(staff, staff.get_by_role("button", name="Change the status"))
    expect(staff.locator(".error-summary")).to_contain_text("Say why the action is not possible")
    check(staff, f"status error, {run}")
    action.refresh_from_db()
    assert action.status == Action.Status.PLANNED and not mail.outbox
    for status, label in ((Action.Status.IN_PROGRESS, "In progress"), (Action.Status.DONE, "Done")):
        staff.get_by_role("radio", name=label, exact=True).check()
        submit(staff, staff.get_by_role("button", name="Change the status"))
        expect(staff.locator(".notification")).to_contain_text(f"The status has been changed to: {label}.")
        action.refresh_from_db()
        assert action.status == status
    check(staff, f"action page for staff, {run}")

    # Two emails, in the participant's language, each with a one-click unsubscribe link.
    assert [m.to for m in mail.outbox] == [["author@example.org"]] * 2
    done_mail = mail.outbox[-1]
    assert done_mail.subject == t("Update: %(action)s", action=action.title)
    assert t("now %(status)s", status=t("Done")) in done_mail.body
    assert done_mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Four others already said whether it worked; the participant is the fifth, so the aggregate can be shown.
    for rating in (5, 4, 2, 4):
        someone = Participant.objects.create(
            engagement=engagement, consented_at=timezone.now(), perspective=story.patient
        )
        actions.do_give_feedback(someone, action, rating, "")
    link = re.search(re.escape(live_server.url) + r"(/engagements/\S+/actions/\d+/)", done_mail.body).group(1)
    page.goto(link)
    expect(page.locator(".thread")).to_contain_text(t("Done"))
    for text in ("We will send text reminders", "Text reminders", story.statement.text, "Reminders"):
        expect(page.locator("main")).to_contain_text(text)
    submit(page, page.get_by_role("button", name=t("Send feedback")))
    expect(page.locator(".error-summary")).to_contain_text(t("Choose how well the change worked for you"))
    check(page, f"feedback error, {run}")
    assert not Feedback.objects.filter(participant=story.author).exists()
    page.get_by_role("radio", name=t("It worked well for me"), exact=True).check()
    page.get_by_label(t("Anything you would like to add (optional)")).fill("Much better")
    submit(page, page.get_by_role("button", name=t("Send feedback")))
    expect(page.locator(".notification")).to_contain_text(t("Thank you: your feedback has been saved."))
    assert Feedback.objects.get(participant=story.author).rating == 4
    with translation.override(language):
        summary = translation.ngettext(
            "%(n)s person rated this change: %(mean)s out of 5 on average.",
            "%(n)s people rated this change: %(mean)s out of 5 on average.",
            5,
        )
        summary = summary % {"n": 5, "mean": formats.number_format(3.8, 1)}
    expect(page.locator(".feedback-summary")).to_have_text(summary)
    check(page, f"action page after feedback, {run}")

    # The whole report, with the aggregate, then printed as a board would receive it.
    page.goto(f"/engagements/{engagement.slug}/we-did/")
    report = page.locator("main")
    for text in (action.title, t("Done"), "We will send text reminders", story.statement.text, "Reminders"):
        expect(report).to_contain_text(text)
    expect(page.locator(".feedback-summary")).to_have_text(summary)
    check(page, f"report after, {run}")
    # Printed as a board would receive it, in each language: page.pdf() and print emulation need a page that runs
    # Chromium's renderer fully, so without JavaScript the report is printed from a second page that has it.
    printed = page if javascript else new_context(language=language, viewport=PHONE).new_page()
    if not javascript:
        printed.goto(f"/engagements/{engagement.slug}/we-did/")
    printed.emulate_media(media="print")
    expect(printed.locator(".header")).to_be_hidden()
    expect(printed.locator(".print-only")).to_be_visible()
    size = printed.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 14, f"printed body text is {size}px (at least 10.5pt)"
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = printed.pdf(format="A4", print_background=True, path=str(ARTIFACTS / f"delivery-report-{language}.pdf"))
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    printed.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi: the first printed page
    printed.screenshot(path=str(ARTIFACTS / f"delivery-report-print-page1-{language}.png"))
    printed.emulate_media(media="screen")
    printed.set_viewport_size(PHONE)

    # The unsubscribe link from the email: no sign-in needed, and nothing more is sent.
    unsubscribe = re.search(re.escape(live_server.url) + r"(/unsubscribe/\S+/)", done_mail.body).group(1)
    stranger = new_context(language=language, javascript=javascript, viewport=PHONE, axe=javascript).new_page()
    stranger.goto(unsubscribe)
    check(stranger, f"unsubscribe, {run}")
    submit(stranger, stranger.get_by_role("button", name=t("Unsubscribe")))
    expect(stranger.locator("h1")).to_have_text(t("You are unsubscribed"))
    assert Unsubscribed.objects.filter(email="author@example.org").exists()
    screenshot(stranger, f"delivery-unsubscribed-{run}")
