"""An action's status changes are audited, published as updates and mailed to subscribed contributors."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.delivery import actions
from coproduce.delivery.models import Action, ActionUpdate
from coproduce.engagements.models import AuditEvent, Participant
from coproduce.notifications import tasks
from coproduce.notifications.models import Notice, Subscription
from tests.delivery.conftest import subscribe, subscription_of


def test_status_change_is_audited_and_published_as_an_update(delivery, as_user):
    world, action = delivery.world, delivery.things["outpatients"].action
    client = as_user(world.fran)
    response = client.post(
        reverse("delivery_staff:action_status", args=["outpatients", action.pk]),
        {"status-status": "in_progress", "status-text": "Texts are being tested."},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS
    update = ActionUpdate.objects.get(action=action)
    assert (update.status, update.text, update.author) == ("in_progress", "Texts are being tested.", world.fran)
    event = AuditEvent.objects.filter(action="action.status_changed").get()
    assert event.actor == world.fran
    assert event.details == {"action_id": action.pk, "previous": "planned", "status": "in_progress", "reason": ""}


def test_the_same_status_twice_changes_nothing(delivery, as_user):
    action = delivery.things["outpatients"].action
    client = as_user(delivery.world.fran)
    url = reverse("delivery_staff:action_status", args=["outpatients", action.pk])
    client.post(url, {"status-status": "done"})
    client.post(url, {"status-status": "done"})
    assert ActionUpdate.objects.filter(action=action).count() == 1
    assert AuditEvent.objects.filter(action="action.status_changed").count() == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"status-status": "not_possible"}, "Say why the action is not possible"),
        ({"status-status": "finished"}, "Choose one of the statuses shown"),
        ({}, "Choose the new status"),
    ],
)
def test_bad_status_input_changes_nothing_and_says_why(delivery, as_user, data, message):
    action = delivery.things["outpatients"].action
    before = AuditEvent.objects.count()
    response = as_user(delivery.world.fran).post(
        reverse("delivery_staff:action_status", args=["outpatients", action.pk]), data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'class="error-summary"' in response.content.decode()
    action.refresh_from_db()
    assert action.status == Action.Status.PLANNED
    assert not ActionUpdate.objects.exists()
    assert AuditEvent.objects.count() == before


def test_not_possible_keeps_its_reason_and_shows_it(delivery, as_user, client):
    action = delivery.things["outpatients"].action
    as_user(delivery.world.fran).post(
        reverse("delivery_staff:action_status", args=["outpatients", action.pk]),
        {"status-status": "not_possible", "status-reason": "The text supplier closed."},
    )
    client.logout()
    page = client.get(reverse("delivery:report", args=["outpatients"])).content.decode()
    assert "Not possible" in page and "The text supplier closed." in page


def test_progress_updates_are_audited(delivery, as_user):
    action = delivery.things["outpatients"].action
    as_user(delivery.world.fran).post(
        reverse("delivery_staff:action_update", args=["outpatients", action.pk]), {"update-text": "Supplier chosen."}
    )
    assert ActionUpdate.objects.get(action=action).text == "Supplier chosen."
    assert AuditEvent.objects.filter(action="action.updated", details__action_id=action.pk).exists()


def test_a_subscribed_contributor_is_emailed_in_their_language_with_unsubscribe_headers(
    delivery, django_capture_on_commit_callbacks
):
    world, thing = delivery.world, delivery.things["outpatients"]
    subscribe(thing.author, language="cy")
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_set_action_status(world.fran, thing.action, Action.Status.DONE, text="Mae’n gweithio.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["author@example.org"]
    assert message.subject.startswith("Diweddariad:")  # Welsh for "Update:"
    assert "Wedi’i wneud" in message.body  # Welsh for the status "Done"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert Notice.objects.get().sent_at is not None


def test_people_who_did_not_contribute_or_did_not_subscribe_get_nothing(delivery, django_capture_on_commit_callbacks):
    world, thing = delivery.world, delivery.things["outpatients"]
    bystander = delivery.participant(world.public)
    subscribe(bystander, email="bystander@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_set_action_status(world.fran, thing.action, Action.Status.DONE)
    assert mail.outbox == []  # the author did not subscribe; the bystander did not contribute


def test_a_contributor_who_has_not_confirmed_gets_nothing_yet(delivery, django_capture_on_commit_callbacks):
    world, thing = delivery.world, delivery.things["outpatients"]
    subscribe(thing.author, confirm=False)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_set_action_status(world.fran, thing.action, Action.Status.DONE)
    assert mail.outbox == [] and not Notice.objects.exists()


def test_progress_updates_alone_send_no_email(delivery, django_capture_on_commit_callbacks):
    thing = delivery.things["outpatients"]
    subscribe(thing.author)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_add_update(delivery.world.fran, thing.action, "Supplier chosen.")
    assert mail.outbox == []


def test_daily_subscribers_get_one_digest_of_several_changes_and_only_once(
    delivery, django_capture_on_commit_callbacks
):
    world, thing = delivery.world, delivery.things["outpatients"]
    subscribe(thing.author, frequency=Subscription.Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_set_action_status(world.fran, thing.action, Action.Status.IN_PROGRESS)
        actions.do_set_action_status(world.fran, thing.action, Action.Status.DONE)
    assert mail.outbox == []
    assert tasks.send_digests.apply(args=["weekly"]).get() == 0
    assert tasks.send_digests.apply(args=["daily"]).get() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.count("Send a text two days before") == 2
    assert tasks.send_digests.apply(args=["daily"]).get() == 0
    assert len(mail.outbox) == 1


def test_subscribing_needs_taking_part_and_a_real_address(delivery, django_capture_on_commit_callbacks):
    thing = delivery.things["outpatients"]
    url = reverse("delivery:notifications", args=["outpatients"])
    stranger = delivery.browser(Participant.objects.create(engagement=delivery.world.public))
    assert stranger.get(url)["Location"] == reverse("engagements:take_part", args=["outpatients"])
    browser = delivery.browser(thing.author)
    response = browser.post(url, {"email": "not an address", "frequency": "immediate", "language": "cy"})
    assert response.status_code == 400
    assert "Enter an email address in the right format" in response.content.decode()
    assert not Subscription.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(url, {"email": "Author@Example.org", "frequency": "weekly", "language": "cy"})
    assert response.status_code == 302
    assert response["Location"] == reverse("delivery:report", args=["outpatients"])
    subscription = subscription_of(thing.author)
    assert (subscription.email, subscription.frequency, subscription.language) == ("author@example.org", "weekly", "cy")
    # Double opt-in: a link to the address, in the language asked for; nothing else until it is used.
    assert subscription.confirmed_at is None
    assert [m.to for m in mail.outbox] == [["author@example.org"]]
    assert "Ymgysylltiad outpatients" in mail.outbox[0].subject and "/notifications/confirm/" in mail.outbox[0].body
    assert mail.outbox[0].extra_headers["Content-Language"] == "cy"
