"""Issue 15: a text staff wrote, shown in the other language because the reader's is missing, carries that
language's `lang` (WCAG 3.1.2), on pages and in emails; a text in the reader's language carries none. One mechanism:
the `translated` filters of core/templatetags/coproduce.py over core/bilingual.py."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from coproduce.core.templatetags.coproduce import translated, translated_lines, translated_markdown
from coproduce.delivery.notify import ActionUpdates
from coproduce.engagements.models import Engagement
from coproduce.notifications.mail import build_message
from coproduce.proposals.models import Proposal
from tests.delivery.conftest import subscribe


@pytest.fixture
def english_only(codesign) -> Proposal:
    proposal = codesign.proposal(title="Text reminders")
    assert (proposal.title_en, proposal.title_cy) == ("Text reminders", None)
    return proposal


def test_a_fallback_is_marked_with_its_language_and_the_readers_own_is_not(english_only):
    with translation.override("cy"):
        assert translated(english_only, "title") == '<span lang="en">Text reminders</span>'
    with translation.override("en"):
        assert translated(english_only, "title") == "Text reminders"
    Proposal.objects.filter(pk=english_only.pk).update(title_cy="Nodiadau atgoffa")
    english_only.refresh_from_db()
    with translation.override("cy"):
        assert translated(english_only, "title") == "Nodiadau atgoffa"


def test_welsh_only_text_is_marked_welsh_on_an_english_page(codesign):
    proposal = codesign.proposal()
    Proposal.objects.filter(pk=proposal.pk).update(title_en=None, title_cy="Nodiadau atgoffa")
    proposal.refresh_from_db()
    with translation.override("en"):
        assert translated(proposal, "title") == '<span lang="cy">Nodiadau atgoffa</span>'


def test_a_fallback_is_escaped_and_markdown_still_sanitised(english_only):
    Proposal.objects.filter(pk=english_only.pk).update(
        title_en="<b>Bold</b> & co", body_en="Some *words*.\n\n<script>alert(1)</script>", boundary_note_en="a\nb"
    )
    english_only.refresh_from_db()
    with translation.override("cy"):
        assert translated(english_only, "title") == '<span lang="en">&lt;b&gt;Bold&lt;/b&gt; &amp; co</span>'
        body = translated_markdown(english_only, "body")
        assert body.startswith('<div lang="en"><p>Some <em>words</em>.</p>')
        assert "<script" not in body
        assert translated_lines(english_only, "boundary_note") == '<span lang="en">a<br>b</span>'


def test_the_proposal_page_in_welsh_marks_the_english_title_and_summary(codesign, client, english_only):
    client.cookies["coproduce_language"] = "cy"
    html = client.get(reverse("proposals:detail", args=[codesign.world.public.slug, english_only.pk])).content.decode()
    assert '<h1 class="heading-l"><span lang="en">Text reminders</span></h1>' in html
    assert '<p class="lead"><span lang="en">Text reminders: the summary.</span></p>' in html
    # The engagement's own title has its Welsh: shown as it is, with no mark.
    assert '<span class="caption">Ymgysylltiad outpatients</span>' in html


def test_the_notification_email_in_welsh_marks_an_english_update(delivery):
    thing = delivery.things["outpatients"]
    from coproduce.delivery.actions import do_add_update

    update = do_add_update(delivery.world.fran, thing.action, {"en": "Supplier chosen.", "cy": ""})
    subscription = subscribe(thing.author, email="a@example.org", language="cy")
    message = build_message(subscription, ActionUpdates(), delivery.world.public, [update])
    html = message.alternatives[0][0]
    assert '<span lang="en">Supplier chosen.</span>' in html
    assert '<span lang="en">Send a text two days before</span>' in html
    # The plain text cannot carry lang: the English is there, unmarked.
    assert "Supplier chosen." in message.body and "<span" not in message.body


def test_the_subscription_page_in_welsh_marks_an_english_engagement_title(delivery):
    engagement = delivery.world.public
    Engagement.objects.filter(pk=engagement.pk).update(title_cy=None)
    engagement.refresh_from_db()
    client = delivery.browser(delivery.things["outpatients"].author)
    client.cookies["coproduce_language"] = "cy"
    html = client.get(reverse("delivery:notifications", args=[engagement.slug])).content.decode()
    assert f'<span class="caption"><span lang="en">{engagement.title_en}</span></span>' in html


def test_the_statements_a_thread_cites_show_in_the_readers_language(delivery):
    """What people said, on "we did", an action and a decision, is a participant's words: shown in a confirmed
    translation into the reader's language when there is one (the translations app), marked with its lang."""
    from coproduce.translations.actions import do_confirm_translation, do_propose_translation

    thing = delivery.things["outpatients"]
    proposed = do_propose_translation(delivery.world.fran, thing.statement, "text", "Dw i byth yn cael nodyn atgoffa")
    do_confirm_translation(delivery.world.alice, proposed)
    slug = delivery.world.public.slug
    client = delivery.browser(thing.author)
    client.cookies["coproduce_language"] = "cy"
    for url in (
        reverse("delivery:report", args=[slug]),
        thing.action.get_absolute_url(),
        reverse("proposals:decision", args=[slug, thing.decision.pk]),
        reverse("proposals:detail", args=[slug, thing.proposal.pk]),
    ):
        html = client.get(url).content.decode()
        assert '<span lang="cy">Dw i byth yn cael nodyn atgoffa</span>' in html, url
    client.cookies["coproduce_language"] = "en"
    html = client.get(reverse("delivery:report", args=[slug])).content.decode()
    assert '<span lang="en">outpatients: I never get a reminder</span>' in html
