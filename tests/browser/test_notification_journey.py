"""Acceptance (issue 16): notifications only after double opt-in, at phone size, in Chromium.

A participant asks to be emailed about what they contributed to. The page says a link comes first; the only email
sent is that link (Django's locmem backend: the live server runs in this process, so django.core.mail.outbox holds
what it sent). While it is unconfirmed, the action they contributed to moves on and nothing is sent to them. They
open the link from the email: a page asks them to confirm (a GET changes nothing: mail scanners follow links); they
confirm and see the confirmed page; the next change is emailed to them. With JavaScript on in English and off in
Welsh; axe-core (WCAG 2.2 A/AA) finds nothing and no page scrolls sideways.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from coproduce.delivery import actions
from coproduce.delivery.models import Action
from coproduce.engagements.participants import COOKIE_NAME, make_token
from coproduce.notifications.models import Notice, Subscription
from coproduce.notifications.topics import Subscriber
from tests.browser.support import PHONE, screenshot
from tests.browser.test_conversation_journey import Checker, Texts, submit
from tests.browser.test_delivery_journey import story  # noqa: F401 - the fixture this journey builds on

pytestmark = pytest.mark.browser

EMAIL = "author@example.org"


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_notification_confirmation_journey(story, new_context, live_server, javascript, language):  # noqa: F811
    t = Texts(language)
    run = f"{'js' if javascript else 'no-js'}-{language}"
    check = Checker(new_context, javascript)
    engagement, action = story.engagement, story.action

    person = new_context(language=language, javascript=javascript, viewport=PHONE, axe=javascript)
    person.add_cookies([{"name": COOKIE_NAME, "value": make_token([story.author.public_id]), "url": live_server.url}])
    page = person.new_page()
    page.goto(f"/engagements/{engagement.slug}/notifications/")
    expect(page.locator("main")).to_contain_text(
        t("We will send a link to this address first: nothing else is sent until you open it and confirm.")
    )
    page.get_by_label(t("Email address")).fill(EMAIL)
    page.get_by_role("radio", name=t("Each time something changes"), exact=True).check()
    page.get_by_role("radio", name="Cymraeg" if language == "cy" else "English", exact=True).check()
    check(page, f"notifications form, {run}")
    submit(page, page.get_by_role("button", name=t("Save")))
    expect(page.locator(".notification")).to_contain_text(
        t(
            "Check your email: we have sent a link to %(email)s. Nothing more is sent until you open it and confirm.",
            email=EMAIL,
        )
    )
    check(page, f"after asking, {run}")
    subscription = Subscription.objects.get(subscriber=Subscriber.participant(story.author.pk).key)
    assert subscription.confirmed_at is None
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    link_mail = mail.outbox[0]

    # Unconfirmed: the action moves on, and nothing is sent (nor queued) for this address.
    actions.do_set_action_status(story.world.fran, action, Action.Status.IN_PROGRESS)
    assert [m.to for m in mail.outbox] == [[EMAIL]] and not Notice.objects.filter(subscription=subscription).exists()

    # The link from the email, in the same browser: a page with a button; opening it confirms nothing yet.
    confirm = re.search(re.escape(live_server.url) + r"(/notifications/confirm/\S+/)", link_mail.body).group(1)
    page.goto(confirm)
    expect(page.locator("h1")).to_have_text(t("Confirm your email address"))
    check(page, f"confirm, {run}")
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    submit(page, page.get_by_role("button", name=t("Confirm")))
    expect(page.locator("h1")).to_have_text(t("You will get these emails"))
    check(page, f"confirmed, {run}")
    screenshot(page, f"notification-confirmed-{run}")
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    # Confirmed: the next change is emailed, in the language chosen.
    mail.outbox.clear()
    actions.do_set_action_status(story.world.fran, action, Action.Status.DONE)
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    assert mail.outbox[0].subject == t("Update: %(action)s", action=action.title)
