"""One-click unsubscribe: works without signing in, stops all mail to the address, and cannot be forged."""

from __future__ import annotations

import re

from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from coproduce.delivery import actions
from coproduce.delivery.models import Action
from coproduce.notifications.mail import unsubscribe_token
from coproduce.notifications.models import Notice, Unsubscribed
from tests.delivery.conftest import subscribe


def test_the_link_in_the_email_stops_all_mail_to_that_address(delivery, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "http://testserver"
    world = delivery.world
    public, link = delivery.things["outpatients"], delivery.things["carers-link"]
    # The same person took part in two engagements, with the same address.
    subscribe(public.author, email="same@example.org", frequency="immediate")
    subscribe(link.author, email="Same@Example.org", frequency="daily")
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_set_action_status(world.fran, public.action, Action.Status.IN_PROGRESS)
        actions.do_set_action_status(world.fran, link.action, Action.Status.IN_PROGRESS)
    assert len(mail.outbox) == 1
    url = re.search(r"http://testserver(/unsubscribe/\S+/)", mail.outbox[0].body).group(1)
    assert mail.outbox[0].extra_headers["List-Unsubscribe"] == f"<http://testserver{url}>"

    browser = Client(enforce_csrf_checks=True)  # no session, no cookie, no CSRF token: as a mail client sends it
    page = browser.get(url)
    assert page.status_code == 200 and not Unsubscribed.objects.exists()  # a link scanner's GET changes nothing
    response = browser.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert Unsubscribed.objects.filter(email="same@example.org").exists()
    assert not Notice.objects.filter(sent_at__isnull=True).exists()  # the pending digest is dropped

    with django_capture_on_commit_callbacks(execute=True):
        actions.do_set_action_status(world.fran, public.action, Action.Status.DONE)
        actions.do_set_action_status(world.fran, link.action, Action.Status.DONE)
    from coproduce.notifications.tasks import send_digests

    send_digests.apply(args=["daily"])
    assert len(mail.outbox) == 1  # nothing more, from either engagement


def test_a_tampered_token_unsubscribes_no_one(delivery, client):
    token = unsubscribe_token("someone@example.org")
    payload, signature = token.split(":", 1)
    victim_payload = signing.dumps("victim@example.org", salt="anything else").split(":", 1)[0]
    for forged in (
        f"{victim_payload}:{signature}",
        signing.dumps("victim@example.org", salt="anything else"),
        token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"),
    ):
        response = client.post(reverse("notifications:unsubscribe", args=[forged]))
        assert response.status_code == 404
    assert not Unsubscribed.objects.exists()


def test_unsubscribing_twice_is_harmless(delivery, client):
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token("someone@example.org")])
    assert client.post(url).status_code == 200
    assert client.post(url).status_code == 200
    assert Unsubscribed.objects.count() == 1
