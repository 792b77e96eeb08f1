"""Action functions of notifications: the only way subscriptions, notices and the do-not-mail list change.

None of them writes an audit event: the audit trail lives in engagements, above this app, and what changes here
is a person's own choice about their own email (an audit row would copy the address into a log that outlives an
erasure). `queue_notices` is the exception that proves it: it is called inside a higher app's action, which
audits the change the news is about (tests/conventions_plugin.py fails an unaudited call).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db import transaction
from django.utils import timezone

from coproduce.core.tasks import enqueue_on_commit
from coproduce.notifications import topics
from coproduce.notifications.mail import CONFIRM_WITHIN
from coproduce.notifications.models import Frequency, Notice, Subscription, Unsubscribed
from coproduce.notifications.topics import Subscriber

# A second confirmation email for the same subscription is sent only this long after the first: pressing "Save"
# twice must not mail twice, nor can anyone use the form to flood an address.
RESEND_AFTER = dt.timedelta(minutes=10)


class NotAllowed(Exception):
    """The topic's kind does not let this subscriber have its news."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


@transaction.atomic
def do_subscribe(
    topic: str, subscriber: Subscriber, *, email: str, language: str, frequency: str, verified: bool = False
) -> Subscription:
    """Ask for a topic's news at an address, or change how. A new address must be confirmed from the link we send
    it (after the commit) before anything else is sent to it; `verified` says the caller knows the address is the
    signed-in person's own, verified one, which needs no confirming. Changing only how often, or the language,
    keeps a confirmation. Raises topics.UnknownTopic, NotAllowed."""
    kind, key = topics.kind_of(topic)
    if not kind.may_subscribe(subscriber, key):
        raise NotAllowed(topic)
    email = normalise_email(email)
    now = timezone.now()
    current = Subscription.objects.select_for_update().filter(topic=topic, subscriber=subscriber.key).first()
    # An address on the do-not-mail list gets mail again only once its owner says so: confirming from a link
    # sent to it, or being the signed-in person's verified address.
    stopped = Unsubscribed.objects.filter(email=email).exists()
    if verified:
        confirmed_at = current.confirmed_at if current and current.email == email and current.confirmed_at else now
    elif current is not None and current.email == email and current.confirmed_at and not stopped:
        confirmed_at = current.confirmed_at
    else:
        confirmed_at = None
    # A link sent for this very request a moment ago is not sent again (see RESEND_AFTER).
    just_sent = (
        current is not None
        and current.confirmed_at is None
        and current.email == email
        and current.confirmation_sent_at is not None
        and current.confirmation_sent_at >= now - RESEND_AFTER
    )
    mail_link = confirmed_at is None and not just_sent
    subscription = current or Subscription(topic=topic, subscriber=subscriber.key, created_at=now)
    subscription.email, subscription.language, subscription.frequency = email, language, frequency
    subscription.confirmed_at = confirmed_at
    if mail_link:
        subscription.confirmation_sent_at = now
    subscription.save()
    if verified:
        Unsubscribed.objects.filter(email=email).delete()
    if mail_link:
        from coproduce.notifications.tasks import send_confirmation

        enqueue_on_commit(send_confirmation, subscription.pk)
    return subscription


@transaction.atomic
def do_confirm(subscription_id: int, email: str) -> Subscription | None:
    """Confirm a subscription from the link sent to its address; None when it is gone (expired and removed, or
    its address changed since the link was sent). Confirming is the address's owner asking for mail again, so it
    also lifts an earlier "unsubscribe"."""
    subscription = Subscription.objects.select_for_update().filter(pk=subscription_id, email=email).first()
    if subscription is None:
        return None
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    Unsubscribed.objects.filter(email=email).delete()
    return subscription


@transaction.atomic
def do_unsubscribe(email: str) -> bool:
    """Stop all mail to this address, for every topic. True if it was not stopped already."""
    email = normalise_email(email)
    _row, created = Unsubscribed.objects.get_or_create(email=email)
    Notice.objects.filter(subscription__email=email, sent_at__isnull=True).delete()
    return created


@transaction.atomic
def do_expire_unconfirmed(now: dt.datetime | None = None) -> int:
    """Remove requests whose confirmation link has expired: an address nobody confirmed is not kept."""
    cutoff = (now or timezone.now()) - CONFIRM_WITHIN
    deleted, _ = Subscription.objects.filter(confirmed_at__isnull=True, confirmation_sent_at__lt=cutoff).delete()
    return deleted


def queue_notices(topic: str, item: str, *, subscribers: Collection[str] | None = None) -> int:
    """A notice of `item` for each confirmed subscriber of `topic` (only `subscribers`, when given, by key), mailed
    at once after the commit or in their next digest. Call it inside the action that made the news, which writes
    the audit event. Returns the notices made; three queries however many subscribers."""
    subscriptions = Subscription.objects.filter(topic=topic, confirmed_at__isnull=False).exclude(
        email__in=Unsubscribed.objects.values("email")
    )
    if subscribers is not None:
        if not subscribers:
            return 0
        subscriptions = subscriptions.filter(subscriber__in=list(subscribers))
    rows = list(subscriptions.only("pk", "frequency"))
    Notice.objects.bulk_create([Notice(subscription=s, item=item) for s in rows], ignore_conflicts=True)
    if any(s.frequency == Frequency.IMMEDIATE for s in rows):
        from coproduce.notifications.tasks import send_immediate

        enqueue_on_commit(send_immediate, topic, item)
    return len(rows)
