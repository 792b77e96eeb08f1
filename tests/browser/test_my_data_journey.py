"""Acceptance (issue 16): "My contributions", download my data and delete my data, at phone size, in Chromium.

A participant without an account wrote a statement that a proposal cites, a decision took up and an action
delivers (tests/browser/test_delivery_journey.py's story). From the engagement page they open "My contributions"
and see what became of their statement, then download their data (a JSON file holding their words) and delete it:
the confirmation page says what goes and what stays, the POST erases through the personal-data registry, the
browser's participant cookie is cleared and the engagement no longer knows them. Then an account holder (Pat) does
the same from the account page: download, delete, signed out, the account deleted. JavaScript on in English and
off in Welsh; axe-core (WCAG 2.2 A/AA) finds nothing on any page visited, and no page scrolls sideways.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Statement
from coproduce.engagements.models import AuditEvent, Participant
from coproduce.engagements.participants import COOKIE_NAME, make_token
from tests.browser.support import PHONE
from tests.browser.test_conversation_journey import Checker, Texts, submit
from tests.browser.test_delivery_journey import story  # noqa: F401  (the fixture this journey builds on)

pytestmark = pytest.mark.browser


def download(page, link) -> dict:
    with page.expect_download() as info:
        link.click()
    return json.loads(open(info.value.path(), encoding="utf-8").read())


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_my_contributions_download_and_delete(story, new_context, live_server, javascript, language):  # noqa: F811
    t = Texts(language)
    run = f"{'js' if javascript else 'no-js'}-{language}"
    check = Checker(new_context, javascript)
    engagement, author = story.engagement, story.author
    if language == "cy":
        assert t("Delete my data") != "Delete my data", "the Welsh catalogue translates the pages"

    person = new_context(language=language, javascript=javascript, viewport=PHONE, axe=javascript)
    person.add_cookies([{"name": COOKIE_NAME, "value": make_token([author.public_id]), "url": live_server.url}])
    page = person.new_page()
    page.goto(f"/engagements/{engagement.slug}/")
    page.get_by_role("link", name=t("My contributions and my data")).click()
    expect(page.locator("h1")).to_have_text(t("My contributions"))
    # What they gave, in its own language, and what became of it: the proposal, the decision, the action.
    expect(page.locator('p[lang="en"]', has_text=story.statement.text)).to_be_visible()
    expect(page.get_by_role("link", name="Text reminders", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="We will send text reminders")).to_be_visible()
    expect(page.get_by_role("link", name="Send a text two days before")).to_be_visible()
    check(page, f"my contributions, {run}")

    page.get_by_role("link", name=t("Download or delete my data")).click()
    expect(page.locator("h1")).to_have_text(t("Download or delete my data"))
    expect(page.get_by_role("heading", name=t("What is deleted"))).to_be_visible()
    expect(page.get_by_role("heading", name=t("What is kept, and no longer linked to you"))).to_be_visible()
    check(page, f"my data, {run}")
    data = download(page, page.get_by_role("link", name=t("Download my data")))
    assert [s["text"] for s in data["conversations"]["statements"]] == [story.statement.text]

    submit(page, page.get_by_role("button", name=t("Delete my data")))
    expect(page.locator("h1")).to_have_text(t("Your data has been deleted"))
    check(page, f"deleted, {run}")
    assert COOKIE_NAME not in {cookie["name"] for cookie in person.cookies()}
    assert Statement.objects.get(pk=story.statement.pk).author_id is None
    assert AuditEvent.objects.filter(action="personal_data.erased", actor=None).count() == 1
    page.goto(f"/engagements/{engagement.slug}/")
    expect(page.get_by_role("link", name=t("My contributions and my data"))).to_have_count(0)

    # An account holder, from the account page: everything of the account, and the account deleted.
    pat = story.world.pat
    pats = Participant.objects.get(engagement=engagement, user=pat)
    Statement.objects.create(conversation=conversation_of(engagement), author=pats, text="Parking is the real problem")
    account = new_context(language=language, user=pat, javascript=javascript, viewport=PHONE, axe=javascript)
    page = account.new_page()
    page.goto("/accounts/profile/")
    page.get_by_role("link", name=t("My contributions")).click()
    expect(page.locator('p[lang="en"]', has_text="Parking is the real problem")).to_be_visible()
    check(page, f"account contributions, {run}")
    page.get_by_role("link", name=t("Download or delete my data")).click()
    expect(page.locator("h1")).to_have_text(t("Download or delete my data"))  # the new page, before axe reads it
    check(page, f"account data, {run}")
    data = download(page, page.get_by_role("link", name=t("Download my data")))
    assert data["accounts"]["account"]["email"] == "pat@example.org"
    submit(page, page.get_by_role("button", name=t("Delete my data and my account")))
    expect(page.locator("h1")).to_have_text(t("Your data has been deleted"))
    assert not type(pat).objects.filter(pk=pat.pk).exists()  # Pat only took part: the account is deleted
    page.goto("/accounts/profile/")
    assert "/accounts/login/" in page.url  # signed out
