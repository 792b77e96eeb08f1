"""Notifications' part of a person's data: every subscription of their participant records and their account, and
their addresses on the do-not-mail list. Erasing removes them (with the notices waiting for them) and leaves
other people's alone."""

from __future__ import annotations

import json

from coproduce.accounts import personal_data
from coproduce.accounts.personal_data import Person
from coproduce.engagements.actions import do_erase_personal_data, do_export_personal_data
from coproduce.engagements.models import AuditEvent, Participant
from coproduce.notifications.actions import do_unsubscribe
from coproduce.notifications.models import Notice, Subscription, Unsubscribed
from coproduce.notifications.topics import Subscriber
from tests.notifications.conftest import subscribe


def test_notifications_are_in_the_registry(db):
    assert "notifications" in {handler.name for handler in personal_data.registered()}


def test_export_and_erase_find_every_subscription_of_the_person_and_nothing_else(news, world):
    record = Participant.objects.get(engagement=world.public, user=world.pat)
    mine_as_participant = subscribe(news, who=Subscriber.participant(record.pk).key, email="pat.news@example.org")
    mine_as_account = subscribe(news, who=Subscriber.user(world.pat.pk).key, email="pat@example.org", frequency="daily")
    theirs = subscribe(news, who="participant:999999", email="someone@example.org", frequency="daily")
    news.publish("1")
    do_unsubscribe("pat.news@example.org")
    do_unsubscribe("someone.else@example.org")
    person = Person.of_user(world.pat)

    data = do_export_personal_data(person)["notifications"]
    json.dumps(data)
    assert [(s["topic"], s["about"], s["email"], s["how_often"]) for s in data["subscriptions"]] == [
        ("news:1", "Village hall news", "pat.news@example.org", "immediate"),
        ("news:1", "Village hall news", "pat@example.org", "daily"),
    ]
    assert all(s["confirmed"] for s in data["subscriptions"])
    assert data["no_more_mail_to"] == ["pat.news@example.org"]

    counts = do_erase_personal_data(world.alice, person)["notifications"]
    assert counts == {"subscriptions": 2, "do_not_mail_entries": 1}
    assert list(Subscription.objects.values_list("pk", flat=True)) == [theirs.pk]
    assert set(Notice.objects.values_list("subscription_id", flat=True)) == {theirs.pk}
    assert list(Unsubscribed.objects.values_list("email", flat=True)) == ["someone.else@example.org"]
    assert not Subscription.objects.filter(pk__in=[mine_as_participant.pk, mine_as_account.pk]).exists()
    event = AuditEvent.objects.get(action="personal_data.erased")
    assert event.details["notifications"] == counts and "pat" not in json.dumps(event.details)
    assert do_export_personal_data(person)["notifications"] == {"subscriptions": [], "no_more_mail_to": []}


def test_a_pseudonymous_participant_is_found_by_their_record(news, world):
    record = Participant.objects.create(engagement=world.public)
    subscribe(news, who=Subscriber.participant(record.pk).key, email="anon@example.org")
    data = personal_data.export_all(Person.of_participant(record))["notifications"]
    assert [s["email"] for s in data["subscriptions"]] == ["anon@example.org"]
