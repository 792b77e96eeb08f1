"""Notifications' part of a person's data: their subscriptions (with what waits to be mailed) and their addresses
on the do-not-mail list.

Subscriptions are found by subscriber key (topics.subscriber_keys: the person's participant records and account).
On erasure they go, with their notices, and so does each of their addresses on the do-not-mail list: with no
subscription left nothing can be mailed to it, and keeping the address would keep what they asked us to forget.
Registered in NotificationsConfig.ready().
"""

from __future__ import annotations

from typing import Any

from coproduce.accounts.models import User
from coproduce.accounts.personal_data import Person, iso
from coproduce.notifications import topics
from coproduce.notifications.models import Subscription, Unsubscribed


def _addresses(person: Person, subscriptions: list[Subscription]) -> set[str]:
    addresses = {s.email for s in subscriptions}
    if person.user_id is not None:
        addresses |= {e.lower() for e in User.objects.filter(pk=person.user_id).values_list("email", flat=True)}
    return addresses


def _subscriptions(person: Person) -> list[Subscription]:
    return list(Subscription.objects.filter(subscriber__in=topics.subscriber_keys(person)).order_by("pk"))


def export(person: Person) -> dict[str, Any]:
    subscriptions = _subscriptions(person)
    about = topics.resolve(s.topic for s in subscriptions)
    return {
        "subscriptions": [
            {
                "topic": s.topic,
                "about": about[s.topic][0].title(about[s.topic][1]) if s.topic in about else None,
                "email": s.email,
                "language": s.language,
                "how_often": s.frequency,
                "since": iso(s.created_at),
                "confirmed": iso(s.confirmed_at),
            }
            for s in subscriptions
        ],
        "no_more_mail_to": sorted(
            Unsubscribed.objects.filter(email__in=_addresses(person, subscriptions)).values_list("email", flat=True)
        ),
    }


def erase(actor, person: Person) -> dict[str, int]:
    subscriptions = _subscriptions(person)
    addresses = _addresses(person, subscriptions)
    _, deleted = Subscription.objects.filter(pk__in=[s.pk for s in subscriptions]).delete()
    stopped, _ = Unsubscribed.objects.filter(email__in=addresses).delete()
    return {"subscriptions": deleted.get(Subscription._meta.label, 0), "do_not_mail_entries": stopped}
