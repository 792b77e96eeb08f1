"""One-click unsubscribe (RFC 8058): every notification email names a signed link in its List-Unsubscribe header
and says mail clients may POST to it; the page works without JavaScript, without signing in and without a CSRF
token, and its GET changes nothing. Links sent before notifications left delivery still work."""

from __future__ import annotations

import re

from django.core import mail, signing
from django.test import Client

from coproduce.notifications import tasks
from coproduce.notifications.mail import unsubscribe_token
from coproduce.notifications.models import Notice, Unsubscribed
from tests.notifications.conftest import subscribe


def test_every_notice_carries_the_headers_and_the_link_works_in_one_click(news, db):
    subscribe(news, frequency="daily")
    news.publish("1")
    tasks.send_digests.apply(args=["daily"])
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = message.extra_headers["List-Unsubscribe"]
    url = re.fullmatch(r"<http://testserver(/unsubscribe/[^>\s]+/)>", header).group(1)
    assert f"http://testserver{url}" in message.body and f'href="http://testserver{url}"' in message.alternatives[0][0]

    mail_client = Client(enforce_csrf_checks=True)  # no session, no cookie, no CSRF token
    page = mail_client.get(url)
    assert page.status_code == 200 and not Unsubscribed.objects.exists()
    assert '<form method="post">' in page.content.decode()  # a plain form: no JavaScript needed
    response = mail_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "You are unsubscribed" in response.content.decode()
    assert list(Unsubscribed.objects.values_list("email", flat=True)) == ["reader@example.org"]
    news.publish("2")
    assert not Notice.objects.filter(sent_at__isnull=True).exists()


def test_a_link_from_before_the_move_still_unsubscribes(news, db, client):
    """The token format and the address are delivery's, as in the emails people already have."""
    old = signing.dumps("someone@example.org", salt="coproduce.delivery.unsubscribe")
    new = unsubscribe_token("Someone@Example.org ")
    # The same payload and salt (the signing time, in the middle, may differ by the second between the two).
    assert old.split(":")[0] == new.split(":")[0]
    assert signing.loads(new, salt="coproduce.delivery.unsubscribe") == "someone@example.org"
    assert client.post(f"/unsubscribe/{old}/").status_code == 200
    assert Unsubscribed.objects.filter(email="someone@example.org").exists()


def test_a_forged_or_damaged_link_unsubscribes_no_one(news, db, client):
    token = unsubscribe_token("someone@example.org")
    _payload, signature = token.split(":", 1)
    victim = signing.dumps("victim@example.org", salt="anything else")
    for forged in (f"{victim.split(':', 1)[0]}:{signature}", victim, token[:-3] + "aaa", "not-a-token"):
        response = client.post(f"/unsubscribe/{forged}/")
        assert response.status_code == 404
        assert "This unsubscribe link does not work" in response.content.decode()
    assert not Unsubscribed.objects.exists()


def test_unsubscribing_twice_is_harmless(news, db, client):
    url = f"/unsubscribe/{unsubscribe_token('someone@example.org')}/"
    assert client.post(url).status_code == 200
    assert client.post(url).status_code == 200
    assert Unsubscribed.objects.count() == 1
