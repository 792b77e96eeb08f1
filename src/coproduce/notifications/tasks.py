"""Notifications sent in the background (inline when no broker is configured: core/tasks.py).

A notice is marked sent only once the mail server has accepted its message. A failed send leaves it waiting: the
task is retried with exponential back-off, and `send_digests("immediate")` on Celery beat sweeps up whatever is
still waiting after the retries (a long outage, a worker that died). Mail is sent after the change committed, and
a mail or broker failure is logged, never raised into the page that made the change.

Beat (settings.CELERY_BEAT_SCHEDULE) runs the daily and weekly digests, the hourly sweep, and the removal of
subscriptions nobody confirmed in time.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from coproduce.celery import app
from coproduce.notifications import topics

logger = logging.getLogger(__name__)

# A claim older than this belongs to a task that died mid-send: its notices may be taken again.
CLAIM_EXPIRES = dt.timedelta(minutes=15)
# Back-off: about 1, 2, 4, … minutes between tries (with jitter), at most an hour apart; then the beat sweep.
RETRY = {
    "autoretry_for": (Exception,),
    "retry_backoff": 60,
    "retry_backoff_max": 60 * 60,
    "retry_jitter": True,
    "max_retries": 8,
}


def _items(notices) -> dict[tuple[str, str], object]:
    """The things the notices are about, by (kind, item id): one `items()` call per kind."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for notice in notices:
        wanted[notice.subscription.topic.partition(":")[0]].add(notice.item)
    found: dict[tuple[str, str], object] = {}
    for kind_name, ids in wanted.items():
        kind = topics.kind_named(kind_name)
        if kind is None:
            continue
        found.update({(kind_name, item_id): thing for item_id, thing in kind.items(ids).items()})
    return found


def _send(notices) -> int:
    """Mail the given unsent notices, one message per subscriber; mark each notice sent once its message was
    accepted. Returns messages sent. If any send failed, raises its error after trying every subscriber (so that
    the task is retried), with the failed notices left unsent."""
    from coproduce.notifications.mail import build_message
    from coproduce.notifications.models import Notice, Unsubscribed

    notices = list(notices)
    by_subscription = defaultdict(list)
    for notice in notices:
        by_subscription[notice.subscription].append(notice)
    stopped = set(
        Unsubscribed.objects.filter(email__in={s.email for s in by_subscription}).values_list("email", flat=True)
    )
    about = topics.resolve(s.topic for s in by_subscription)
    things = _items(notices)
    sent, failure = 0, None
    for subscription, waiting in by_subscription.items():
        kind_name = subscription.topic.partition(":")[0]
        # Nothing to tell: the address asked for no more mail, or the topic or the news is gone.
        if subscription.email in stopped or subscription.topic not in about:
            items = []
        else:
            items = [n for n in waiting if (kind_name, n.item) in things]
        if len(items) < len(waiting):
            kept = {n.pk for n in items}
            Notice.objects.filter(pk__in=[n.pk for n in waiting if n.pk not in kept]).delete()
        if not items:
            continue
        ids = [n.pk for n in items]
        # Claim the notices first (one UPDATE): a task run twice (a retry, two workers, the sweep) sends each
        # notice once. The claim is not "sent": it is released if the send fails.
        now = timezone.now()
        claimed = Notice.objects.filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_EXPIRES),
            pk__in=ids,
            sent_at__isnull=True,
        ).update(claimed_at=now)
        if claimed != len(ids):
            if claimed:  # part of them is another task's: give ours back, that task or the next run sends them
                Notice.objects.filter(pk__in=ids, claimed_at=now).update(claimed_at=None)
            continue
        kind, topic = about[subscription.topic]
        try:
            build_message(subscription, kind, topic, [things[(kind_name, n.item)] for n in items]).send()
        except Exception as error:  # SMTP down, refused, timed out, a bad header: leave them waiting
            Notice.objects.filter(pk__in=ids, claimed_at=now).update(claimed_at=None)
            logger.warning(
                "notice mail failed, will retry",
                extra={"subscription": subscription.pk, "notices": ids, "error": repr(error)},
            )
            failure = failure or error
            continue
        Notice.objects.filter(pk__in=ids).update(sent_at=timezone.now(), claimed_at=None)
        sent += 1
    if failure is not None:
        raise failure
    return sent


def _pending():
    from coproduce.notifications.models import Notice

    return (
        Notice.objects.filter(sent_at__isnull=True, subscription__confirmed_at__isnull=False)
        .select_related("subscription")
        .order_by("created_at", "pk")
    )


@app.task(ignore_result=True, **RETRY)
def send_immediate(topic: str, item: str) -> int:
    """The notices of one item for subscribers who want each change at once."""
    from coproduce.notifications.models import Frequency

    return _send(_pending().filter(subscription__topic=topic, item=item, subscription__frequency=Frequency.IMMEDIATE))


@app.task(ignore_result=True, **RETRY)
def send_digests(frequency: str) -> int:
    """Everything a daily (or weekly) subscriber has not been told yet, in one message each. With "immediate",
    the sweep: immediate notices still waiting after their task's retries."""
    return _send(_pending().filter(subscription__frequency=frequency))


@app.task(ignore_result=True, **RETRY)
def send_confirmation(subscription_id: int) -> int:
    """The double opt-in link. A request that is gone (expired, or confirmed meanwhile) sends nothing. A failure
    after the retries is logged: the person can ask again from the page, and the request expires unconfirmed."""
    from coproduce.notifications.mail import build_confirmation
    from coproduce.notifications.models import Subscription

    subscription = Subscription.objects.filter(pk=subscription_id, confirmed_at__isnull=True).first()
    if subscription is None:
        return 0
    about = topics.resolve([subscription.topic])
    if subscription.topic not in about:
        return 0
    kind, topic = about[subscription.topic]
    build_confirmation(subscription, kind, topic).send()
    return 1


@app.task(ignore_result=True)
def expire_unconfirmed() -> int:
    from coproduce.notifications.actions import do_expire_unconfirmed

    return do_expire_unconfirmed()
