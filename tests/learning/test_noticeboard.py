"""The noticeboard: current notices (pinned first, expired hidden), Markdown sanitised, the Atom feed in the
reader's language with xml:lang on a fallback, guest posts published only after moderation under the name chosen,
and followers told through the shared notifications (double opt-in)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.learning import actions
from coproduce.learning.models import Notice
from coproduce.learning.notify import board_topic
from coproduce.notifications.actions import do_confirm, do_subscribe
from coproduce.notifications.models import Notice as QueuedNotice
from coproduce.notifications.topics import Subscriber

pytestmark = pytest.mark.django_db


def test_board_shows_current_notices_pinned_first(client, learning):
    html = client.get(reverse("learning:board", args=["glas-news"])).content.decode()
    assert "Pinned news" in html and "Old news" not in html and "Guest walk" not in html
    assert html.index("Pinned news") < html.index("Noticeboard and learning", html.index("Pinned news") - 10**6)


def test_expired_and_pending_notices_are_not_found(client, learning):
    old = Notice.objects.get(title_en="Old news")
    for notice in (old, learning.guest):
        assert client.get(reverse("learning:notice", args=["glas-news", notice.pk])).status_code == 404


def test_markdown_body_is_sanitised(client, learning):
    notice = actions.do_post_notice(
        learning.alice, learning.board, title={"en": "Hi"}, body={"en": "**bold** <script>alert(1)</script>"}
    )
    html = client.get(notice.get_absolute_url()).content.decode()
    assert "<strong>bold</strong>" in html and "<script>alert(1)" not in html


def test_private_engagement_board_is_hidden_from_outsiders(client, learning):
    url = reverse("learning:board", args=["wellbeing-news"])
    assert client.get(url).status_code == 404
    client.force_login(learning.pat)  # invited to the private engagement
    assert client.get(url).status_code == 200


def test_atom_feed_marks_a_fallback_language(client, learning):
    actions.do_post_notice(learning.alice, learning.board, title={"en": "Only English"}, body={"en": "Text"})
    client.cookies["coproduce_language"] = "cy"
    body = client.get(reverse("learning:board_feed", args=["glas-news"])).content.decode()
    assert "<feed" in body and "Only English" in body and 'xml:lang="en"' in body
    assert "Pinned news (cy)" in body and "Old news" not in body


def test_guest_post_waits_for_moderation_then_shows_the_chosen_name(client, learning):
    client.force_login(learning.olly)  # from another organisation
    response = client.post(
        reverse("learning:suggest", args=["glas-news"]),
        {"name": "Olly from Other", "title": "Bake sale", "body": "Saturday.", "language": "en", "category": "event"},
    )
    assert response.status_code == 302
    notice = Notice.objects.get(title_en="Bake sale")
    assert notice.status == Notice.Status.PENDING and notice.guest and notice.title_cy is None
    assert "Bake sale" not in client.get(learning.board.get_absolute_url()).content.decode()
    actions.do_moderate_notice(learning.alice, notice, approve=True)
    html = client.get(learning.board.get_absolute_url()).content.decode()
    assert "Bake sale" in html and "Olly from Other" in html
    with pytest.raises(actions.AlreadyModerated):
        actions.do_moderate_notice(learning.alice, notice, approve=False)


def test_followers_get_new_notices_after_confirming(learning, django_capture_on_commit_callbacks):
    topic = board_topic(learning.board)
    with django_capture_on_commit_callbacks(execute=True):
        subscription = do_subscribe(
            topic, Subscriber.user(learning.sam.pk), email="sam@example.org", language="en", frequency="immediate"
        )
    assert len(mail.outbox) == 1  # the confirmation link: nothing else until it is opened
    actions.do_post_notice(learning.alice, learning.board, title={"en": "Before confirming"})
    assert QueuedNotice.objects.count() == 0
    do_confirm(subscription.pk, subscription.email)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_post_notice(learning.alice, learning.board, title={"en": "After", "cy": "Wedyn"})
    assert QueuedNotice.objects.count() == 1
    assert any("After" in m.subject for m in mail.outbox[1:])


def test_follow_page_needs_sign_in_and_uses_the_shared_page(client, learning):
    url = reverse("learning:board_follow", args=["glas-news"])
    assert client.get(url).status_code == 302
    client.force_login(learning.sam)
    html = client.get(url).content.decode()
    assert "Follow this noticeboard by email" in html and 'name="email"' in html
