"""Feedback and notifications need a participant, through the one accessor every page uses.

Before the accessors were merged, these two pages skipped the engagement's account requirement: a browser's
pseudonymous participant could give feedback, or subscribe, in an engagement that asks people to sign in.
"""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from coproduce.conversations.access import conversation_of
from coproduce.delivery import actions
from coproduce.delivery.models import Action, Feedback
from coproduce.engagements.models import Participant
from coproduce.notifications.models import Subscription


def require_account(engagement) -> None:
    conversation = conversation_of(engagement)
    conversation.require_account = True
    conversation.save(update_fields=["require_account"])


def pages(delivery):
    action = delivery.things["outpatients"].action
    actions.do_set_action_status(delivery.world.fran, action, Action.Status.DONE)
    return {
        "feedback": (reverse("delivery:feedback", args=["outpatients", action.pk]), {"rating": "4"}),
        "notifications": (
            reverse("delivery:notifications", args=["outpatients"]),
            {"email": "someone@example.org", "frequency": "immediate", "language": "en"},
        ),
    }


@pytest.mark.parametrize("page", ["feedback", "notifications"])
def test_an_engagement_that_requires_an_account_asks_to_sign_in_first(delivery, page):
    url, data = pages(delivery)[page]
    require_account(delivery.world.public)
    browser = delivery.browser(delivery.things["outpatients"].author)  # consenting, but not signed in
    response = browser.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={delivery.world.public.get_absolute_url()}"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Sign in to take part in this engagement."]
    assert not Feedback.objects.exists() and not Subscription.objects.exists()


@pytest.mark.parametrize("page", ["feedback", "notifications"])
def test_a_signed_in_participant_of_such_an_engagement_is_let_in(delivery, client, page):
    url, data = pages(delivery)[page]
    world = delivery.world
    require_account(world.public)
    Participant.objects.update_or_create(
        engagement=world.public, user=world.pat, defaults={"consented_at": timezone.now()}
    )
    client.force_login(world.pat)
    response = client.post(url, data)
    assert response.status_code == 302 and "login" not in response["Location"]
    assert Feedback.objects.exists() or Subscription.objects.exists()


@pytest.mark.parametrize("page", ["feedback", "notifications"])
def test_without_the_requirement_a_pseudonymous_participant_still_takes_part(delivery, page):
    url, data = pages(delivery)[page]
    response = delivery.browser(delivery.things["outpatients"].author).post(url, data)
    assert response.status_code == 302
    assert Feedback.objects.exists() or Subscription.objects.exists()
