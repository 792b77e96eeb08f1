"""Notices are sent at once or gathered into daily and weekly digests, each once, in the subscriber's language;
news about a topic or an item that is gone is dropped rather than sent or kept forever."""

from __future__ import annotations

from django.core import mail
from django.utils import translation

from coproduce.notifications import tasks
from coproduce.notifications.models import Notice
from tests.notifications.conftest import subscribe


def test_each_frequency_gets_its_own_mail_once(news, db, django_capture_on_commit_callbacks):
    subscribe(news, who="participant:1", email="now@example.org", frequency="immediate")
    subscribe(news, who="participant:2", email="daily@example.org", frequency="daily")
    subscribe(news, who="participant:3", email="weekly@example.org", frequency="weekly")
    with django_capture_on_commit_callbacks(execute=True):
        assert news.publish("1", "Jumble sale on Saturday") == 3
        assert news.publish("2", "Choir practice moves to Thursday") == 3
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["now@example.org"], "News: Jumble sale on Saturday"),
        (["now@example.org"], "News: Choir practice moves to Thursday"),
    ]
    assert tasks.send_digests.apply(args=["daily"]).get() == 1
    digest = mail.outbox[-1]
    assert digest.to == ["daily@example.org"] and digest.subject == "2 new posts: Village hall news"
    assert digest.body.index("Jumble sale") < digest.body.index("Choir practice")  # oldest first
    assert "<li>Jumble sale on Saturday</li>" in digest.alternatives[0][0]
    assert tasks.send_digests.apply(args=["daily"]).get() == 0
    assert tasks.send_digests.apply(args=["weekly"]).get() == 1
    assert tasks.send_digests.apply(args=["weekly"]).get() == 0
    assert tasks.send_digests.apply(args=["immediate"]).get() == 0  # the sweep finds nothing left
    assert len(mail.outbox) == 4
    assert not Notice.objects.filter(sent_at__isnull=True).exists()


def test_only_the_subscribers_named_are_told(news, db, django_capture_on_commit_callbacks):
    subscribe(news, who="participant:1", email="one@example.org")
    subscribe(news, who="participant:2", email="two@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert news.publish("1", subscribers=["participant:2", "participant:3"]) == 1
        assert news.publish("2", subscribers=[]) == 0
    assert [m.to for m in mail.outbox] == [["two@example.org"]]


def test_a_notice_is_queued_once_per_item(news, db, django_capture_on_commit_callbacks):
    subscribe(news, frequency="daily")
    news.publish("1")
    news.publish("1")
    assert Notice.objects.count() == 1


def test_the_mail_is_in_the_subscribers_language(news, db, django_capture_on_commit_callbacks):
    subscribe(news, language="cy", frequency="daily")
    news.publish("1", "Ffair sborion ddydd Sadwrn")
    tasks.send_digests.apply(args=["daily"])
    message = mail.outbox[0]
    with translation.override("cy"):
        footer = translation.gettext("Stop all emails from us")
    assert footer != "Stop all emails from us", "the Welsh catalogue translates the footer"
    assert footer in message.alternatives[0][0] and 'lang="cy"' in message.alternatives[0][0]
    assert message.extra_headers["Content-Language"] == "cy"


def test_news_about_what_is_gone_is_dropped(news, db):
    subscribe(news, frequency="daily")
    news.publish("1")
    news.publish("2")
    del news.posts["1"]  # the item was deleted before the digest
    assert tasks.send_digests.apply(args=["daily"]).get() == 1
    assert mail.outbox[0].subject == "News: Post 2"
    assert list(Notice.objects.values_list("item", flat=True)) == ["2"]
    news.publish("3")
    del news.boards["1"]  # the whole topic is gone
    assert tasks.send_digests.apply(args=["daily"]).get() == 0
    assert len(mail.outbox) == 1 and not Notice.objects.filter(sent_at__isnull=True).exists()


def test_an_unsubscribed_address_is_not_queued_and_its_waiting_notices_are_dropped(news, db):
    subscribe(news, frequency="daily")
    news.publish("1")
    from coproduce.notifications.actions import do_unsubscribe

    assert do_unsubscribe("Reader@Example.org") is True
    assert not Notice.objects.exists()
    assert news.publish("2") == 0
    assert tasks.send_digests.apply(args=["daily"]).get() == 0
    assert mail.outbox == []
