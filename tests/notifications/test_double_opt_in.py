"""Double opt-in: a subscription is confirmed from a link sent to its address before anything else is sent to it.

The link is signed and names the subscription and the address; its GET changes nothing (mail scanners follow
links) and its POST confirms. A verified address of the signed-in account needs no link.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.notifications import actions, topics
from coproduce.notifications.actions import RESEND_AFTER
from coproduce.notifications.models import Notice, Subscription, Unsubscribed
from coproduce.notifications.topics import Subscriber
from tests.notifications.conftest import TOPIC, subscribe

LINK = re.compile(r"http://testserver(/notifications/confirm/\S+/)")


def confirm_link(message) -> str:
    return LINK.search(message.body).group(1)


def test_a_new_subscription_gets_a_link_and_nothing_else_until_it_is_used(news, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscription = subscribe(news, confirm=False, frequency="immediate")
    assert subscription.confirmed_at is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.org"]
    assert message.subject == "Confirm you want emails about “Village hall news”"
    assert "noticeboard" in message.body  # the kind's description: what we will send
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = confirm_link(message)

    # News before confirming: no notice is even queued.
    with django_capture_on_commit_callbacks(execute=True):
        assert news.publish("1", "The hall is closed on Monday") == 0
    assert len(mail.outbox) == 1 and not Notice.objects.exists()

    browser = Client()  # not signed in: the link is the permission
    page = browser.get(link)
    assert page.status_code == 200 and "Confirm your email address" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None  # a GET (a mail scanner) confirms nothing
    done = browser.post(link)
    assert done.status_code == 200 and "You will get these emails" in done.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        assert news.publish("2", "The hall reopens on Tuesday") == 1
    assert [m.subject for m in mail.outbox[1:]] == ["News: The hall reopens on Tuesday"]


def test_confirming_twice_is_harmless_and_the_page_says_so(news, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(news, confirm=False)
    link = confirm_link(mail.outbox[0])
    client = Client()
    assert client.post(link).status_code == 200
    first = Subscription.objects.get().confirmed_at
    assert client.post(link).status_code == 200
    assert Subscription.objects.get().confirmed_at == first
    assert "You will get these emails" in client.get(link).content.decode()


def test_a_link_sent_to_an_earlier_address_confirms_nothing(news, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(news, email="old@example.org", confirm=False)
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(news, email="new@example.org", confirm=False)
    assert [m.to for m in mail.outbox] == [["old@example.org"], ["new@example.org"]]
    old_link, new_link = confirm_link(mail.outbox[0]), confirm_link(mail.outbox[1])
    assert Client().post(old_link).status_code == 404
    assert Subscription.objects.get().confirmed_at is None
    assert Client().post(new_link).status_code == 200
    assert Subscription.objects.get().confirmed_at is not None


def test_saving_again_sends_a_new_link_only_after_a_while(news, db, django_capture_on_commit_callbacks, monkeypatch):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(news, confirm=False)
        subscribe(news, confirm=False, frequency="daily")
    assert len(mail.outbox) == 1  # a double-submitted form, or someone flooding an address: one link
    assert Subscription.objects.get().frequency == "daily"
    later = timezone.now() + RESEND_AFTER + dt.timedelta(seconds=1)
    monkeypatch.setattr(actions.timezone, "now", lambda: later)
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(news, confirm=False)
    assert len(mail.outbox) == 2


def test_changing_how_often_keeps_the_confirmation_and_a_new_address_needs_one(
    news, db, django_capture_on_commit_callbacks
):
    subscription = subscribe(news)
    with django_capture_on_commit_callbacks(execute=True):
        changed = subscribe(news, confirm=False, frequency="weekly", language="cy")
    assert changed.confirmed_at == subscription.confirmed_at and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        moved = subscribe(news, email="elsewhere@example.org", confirm=False)
    assert moved.confirmed_at is None
    assert [m.to for m in mail.outbox] == [["elsewhere@example.org"]]
    assert Subscription.objects.count() == 1


def test_the_topic_kind_decides_who_may_subscribe(news, db):
    with pytest.raises(actions.NotAllowed):
        actions.do_subscribe(
            TOPIC, Subscriber("participant:99"), email="x@example.org", language="en", frequency="daily"
        )
    news.allowed.add("participant:99")
    with pytest.raises(topics.UnknownTopic):
        actions.do_subscribe(
            "nothing:1", Subscriber("participant:99"), email="x@example.org", language="en", frequency="daily"
        )
    with pytest.raises(actions.NotAllowed):  # a board that does not exist
        actions.do_subscribe(
            "news:2", Subscriber("participant:99"), email="x@example.org", language="en", frequency="daily"
        )
    assert not Subscription.objects.exists()


def test_the_page_confirms_a_verified_account_address_at_once_and_asks_for_any_other(
    news, world, client, django_capture_on_commit_callbacks
):
    news.allowed.add(Subscriber.user(world.pat.pk).key)
    EmailAddress.objects.create(user=world.pat, email="pat@example.org", verified=True, primary=True)
    client.force_login(world.pat)
    url = reverse("news_subscription", args=["1"])
    page = client.get(url).content.decode()
    assert 'value="pat@example.org"' in page  # the account's address, suggested
    assert "We will send a link to this address first" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "Pat@Example.org", "frequency": "daily", "language": "en"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert Subscription.objects.get().confirmed_at is not None and mail.outbox == []
    assert "You already get these emails at pat@example.org" in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "pat.other@example.org", "frequency": "daily", "language": "en"})
    assert Subscription.objects.get().confirmed_at is None
    assert [m.to for m in mail.outbox] == [["pat.other@example.org"]]
    assert "We are waiting for you to confirm pat.other@example.org" in client.get(url).content.decode()


def test_an_unsubscribed_address_gets_mail_again_only_once_its_owner_confirms(
    news, db, django_capture_on_commit_callbacks
):
    subscription = subscribe(news)
    actions.do_unsubscribe("reader@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        again = subscribe(news, confirm=False)  # anyone could fill in the form with this address
    assert again.confirmed_at is None
    assert Unsubscribed.objects.filter(email="reader@example.org").exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert news.publish("1") == 0
    assert len(mail.outbox) == 1  # the link only
    assert Client().post(confirm_link(mail.outbox[0])).status_code == 200
    assert not Unsubscribed.objects.exists()
    assert Subscription.objects.get(pk=subscription.pk).confirmed_at is not None
