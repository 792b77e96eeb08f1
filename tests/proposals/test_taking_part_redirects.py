"""Prioritising needs a participant, through the one accessor every page uses (engagements.participants).

Before the accessors were merged, the prioritisation pages sent someone who had to sign in to the sign-in page
with no way back (no ?next=) and no message; now they do what the conversation's pages do.
"""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from coproduce.conversations.access import conversation_of
from coproduce.engagements.models import Participant
from coproduce.proposals.models import DotAllocation, PairwiseChoice

SIGN_IN = "Sign in to take part in this engagement."


def require_account(engagement) -> None:
    conversation = conversation_of(engagement)
    conversation.require_account = True
    conversation.save(update_fields=["require_account"])


@pytest.mark.parametrize(
    "name,method",
    [
        ("proposals:prioritise", "get"),
        ("proposals:choose", "post"),
        ("proposals:dots", "post"),
        ("proposals:suggest", "get"),
    ],
)
def test_an_engagement_that_requires_an_account_sends_people_to_sign_in_and_back(codesign, name, method):
    world = codesign.world
    require_account(world.public)
    # Even a consenting participant held by this browser signs in first, as on the vote page.
    browser = codesign.browser(codesign.participant(world.public))
    response = getattr(browser, method)(reverse(name, args=[world.public.slug]))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={world.public.get_absolute_url()}"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [SIGN_IN]
    assert not PairwiseChoice.objects.exists() and not DotAllocation.objects.exists()


@pytest.mark.parametrize(
    "name,method", [("proposals:prioritise", "get"), ("proposals:choose", "post"), ("proposals:dots", "post")]
)
def test_someone_not_taking_part_is_sent_to_take_part(codesign, client, name, method):
    world = codesign.world
    response = getattr(client, method)(reverse(name, args=[world.public.slug]))
    assert response.status_code == 302
    assert response["Location"] == reverse("engagements:take_part", args=[world.public.slug])


def test_a_signed_in_participant_of_such_an_engagement_prioritises(codesign, client):
    world = codesign.world
    require_account(world.public)
    Participant.objects.update_or_create(
        engagement=world.public, user=world.pat, defaults={"consented_at": timezone.now()}
    )
    client.force_login(world.pat)
    assert client.get(reverse("proposals:prioritise", args=[world.public.slug])).status_code == 200
