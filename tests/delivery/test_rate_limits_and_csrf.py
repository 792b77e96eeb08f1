"""Writes of the delivery app are rate limited (429 with Retry-After, nothing saved) and need the CSRF token; the
one-click unsubscribe is the one exception to CSRF, by RFC 8058."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.delivery import actions
from coproduce.delivery.models import Action, ActionUpdate, Feedback, Iteration
from coproduce.engagements.models import Engagement, Participant
from coproduce.notifications.models import Subscription


def test_feedback_is_limited_per_browser(delivery):
    action = delivery.things["outpatients"].action
    actions.do_set_action_status(delivery.world.fran, action, Action.Status.DONE)
    browser = delivery.browser(delivery.things["outpatients"].author)
    url = reverse("delivery:feedback", args=["outpatients", action.pk])
    assert [browser.post(url, {"rating": str(1 + n % 5)}).status_code for n in range(20)] == [302] * 20
    response = browser.post(url, {"rating": "3"})
    assert response.status_code == 429 and 1 <= int(response["Retry-After"]) <= 60
    assert Feedback.objects.get().rating == 5  # the 20th answer (n = 19), not the refused one


def test_subscribing_is_limited(delivery):
    browser = delivery.browser(delivery.things["outpatients"].author)
    url = reverse("delivery:notifications", args=["outpatients"])
    for n in range(10):
        browser.post(url, {"email": f"a{n}@example.org", "frequency": "daily", "language": "en"})
    assert browser.post(url, {"email": "late@example.org", "frequency": "daily", "language": "en"}).status_code == 429
    assert Subscription.objects.get().email == "a9@example.org"


def test_staff_writes_are_limited(delivery, as_user):
    action = delivery.things["outpatients"].action
    client = as_user(delivery.world.fran)
    url = reverse("delivery_staff:action_update", args=["outpatients", action.pk])
    statuses = [client.post(url, {"update-text": f"Update {n}"}).status_code for n in range(31)]
    assert statuses[:30] == [302] * 30 and statuses[30] == 429
    assert ActionUpdate.objects.count() == 30


@pytest.mark.parametrize(
    "persona, name, data",
    [
        ("author", "delivery:feedback", {"rating": "4"}),
        ("author", "delivery:notifications", {"email": "a@example.org", "frequency": "daily", "language": "en"}),
        ("fran", "delivery_staff:action_status", {"status-status": "in_progress"}),
        ("fran", "delivery_staff:action_update", {"update-text": "News"}),
        ("fran", "delivery_staff:action_new", {"title": "X", "owner": "Y"}),
        (
            "fran",
            "delivery_staff:iterations_edit",
            {"name": "I", "goal": "G", "starts_on": "2026-01-01", "ends_on": "2026-01-02"},
        ),
        ("fran", "delivery_staff:next_cycle", {"title_en": "Next", "seeds": "A statement"}),
    ],
)
def test_posts_need_the_csrf_token(delivery, persona, name, data):
    thing = delivery.things["outpatients"]
    actions.do_set_action_status(delivery.world.fran, thing.action, Action.Status.DONE)
    data = {**data, "decision": str(thing.decision.pk)} if name == "delivery_staff:action_new" else data
    client = Client(enforce_csrf_checks=True)
    if persona == "fran":
        client.force_login(delivery.world.fran)
    else:
        from coproduce.engagements.participants import COOKIE_NAME, make_token

        client.cookies[COOKIE_NAME] = make_token([thing.author.public_id])
    takes_action = name in ("delivery:feedback", "delivery_staff:action_status", "delivery_staff:action_update")
    url = reverse(name, args=["outpatients", thing.action.pk] if takes_action else ["outpatients"])
    before = (
        Feedback.objects.count(),
        Subscription.objects.count(),
        ActionUpdate.objects.count(),
        Action.objects.count(),
        Iteration.objects.count(),
        Participant.objects.count(),
        Engagement.objects.count(),
    )
    response = client.post(url, data)
    assert response.status_code == 403
    assert (
        Feedback.objects.count(),
        Subscription.objects.count(),
        ActionUpdate.objects.count(),
        Action.objects.count(),
        Iteration.objects.count(),
        Participant.objects.count(),
        Engagement.objects.count(),
    ) == before
