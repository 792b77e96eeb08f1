"""Invitations by email and the news of publication, through the shared notifications app (issue 18): the email
carries the page where the person takes their own link, never the link; nothing kept ties a person to a link or an
answer."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.journeys import actions
from coproduce.journeys.models import Answer, Invitation, Invitee
from coproduce.notifications.models import Notice, Subscription


@pytest.fixture
def open_round(world, coproduction):
    return actions.do_start_round(world.alice, world.org, coproduction, title={"en": "Spring", "cy": "Gwanwyn"})


def test_invited_people_get_an_email_take_their_link_once_and_hear_of_publication(
    world, open_round, coproduction, as_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.do_invite_people(world.alice, open_round, [world.fran, world.sam], "staff") == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.fran.email, world.sam.email])
    take = reverse("journeys:take_link", args=[open_round.pk])
    message = mail.outbox[0]
    assert take in message.body and "/answer/" not in message.body  # the page, never a link
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    # Inviting again sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.do_invite_people(world.alice, open_round, [world.fran], "staff") == 0
    assert len(mail.outbox) == 2

    client = as_user(world.fran)
    assert "Take my link" in client.get(take).content.decode()
    response = client.post(take)
    assert response.status_code == 302 and response["Location"].startswith("/answer/")
    assert client.post(take).status_code == 200  # once only: no second link
    assert Invitation.objects.filter(round=open_round).count() == 1
    strengths = coproduction.dimensions.get(key="strengths")
    client.post(response["Location"], {f"d{strengths.pk}_level": "3"})
    assert Answer.objects.filter(round=open_round).count() == 1
    # What is kept: fran was invited and took a link. Not which link (the invitation names nobody), not her answer.
    assert list(Invitee.objects.filter(round=open_round).values_list("user_id", "link_taken")) == [
        (world.fran.pk, True),
        (world.sam.pk, False),
    ]
    assert {f.name for f in Invitation._meta.get_fields()} == {"id", "round", "perspective", "token_hash", "used"}
    assert not any("answer" in n.item or "token" in n.item for n in Notice.objects.all())

    mail.outbox.clear()
    actions.do_close_round(world.alice, open_round)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_publish_round(world.alice, open_round, True)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.fran.email, world.sam.email])
    assert reverse("journeys:published", args=[open_round.pk]) in mail.outbox[0].body


def test_only_people_of_the_organisation_or_its_engagement_may_be_invited_and_nothing_changes_else(
    world, open_round, as_user
):
    with pytest.raises(actions.JourneyError):
        actions.do_invite_people(world.alice, open_round, [world.olly], "staff")  # another organisation's admin
    before = (Invitee.objects.count(), Subscription.objects.count(), len(mail.outbox))
    response = as_user(world.alice).post(
        reverse("journeys_staff:round", args=[open_round.pk]),
        {"form": "people", "people": [world.olly.pk], "perspective": "staff"},
    )
    assert response.status_code == 400
    assert "Choose people from the list" in response.content.decode()
    response = as_user(world.alice).post(
        reverse("journeys_staff:round", args=[open_round.pk]),
        {"form": "people", "people": [world.fran.pk], "perspective": "nobody"},
    )
    assert response.status_code == 400
    assert (Invitee.objects.count(), Subscription.objects.count(), len(mail.outbox)) == before
    actions.do_close_round(world.alice, open_round)
    with pytest.raises(actions.RoundClosed):
        actions.do_invite_people(world.alice, open_round, [world.fran], "staff")


def test_someone_not_invited_takes_no_link(world, open_round, as_user):
    response = as_user(world.pat).post(reverse("journeys:take_link", args=[open_round.pk]))
    assert response.status_code == 200
    assert "for the people invited to the round by email" in response.content.decode()
    assert not Invitation.objects.filter(round=open_round).exists()


def test_erasure_removes_the_invitations_of_a_person(world, open_round):
    from coproduce.accounts.personal_data import Person
    from coproduce.journeys import personal_data

    actions.do_invite_people(world.alice, open_round, [world.fran], "staff")
    exported = personal_data.export(Person(user_id=world.fran.pk, participant_ids=()))
    assert exported["invited_to"] == [{"round": "Spring", "perspective": "staff", "link_taken": False}]
    personal_data.erase(world.alice, Person(user_id=world.fran.pk, participant_ids=()))
    assert not Invitee.objects.filter(user=world.fran).exists()
