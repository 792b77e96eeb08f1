"""Notifications sent in the background (inline when no broker is configured, like conversations/tasks.py).

A notice is marked sent only once the mail server has accepted its message. A failed send leaves it waiting: the
task is retried with exponential back-off, and `send_digests("immediate")` on Celery beat sweeps up whatever is
still waiting after the retries (a long outage, a worker that died). Mail is sent after the change committed, and
a mail or broker failure is logged, never raised into the page that made the change.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from coproduce.celery import app
from coproduce.core.tasks import enqueue_on_commit

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


def _send(notices) -> int:
    """Mail the given unsent notices, one message per subscriber; mark each notice sent once its message was
    accepted. Returns messages sent. If any send failed, raises its error after trying every subscriber (so that
    the task is retried), with the failed notices left unsent."""
    from coproduce.delivery.mail import build_message
    from coproduce.delivery.models import Notice, Unsubscribed

    by_subscription = defaultdict(list)
    for notice in notices:
        by_subscription[notice.subscription].append(notice)
    stopped = set(
        Unsubscribed.objects.filter(email__in=[s.email for s in by_subscription]).values_list("email", flat=True)
    )
    sent, failure = 0, None
    for subscription, items in by_subscription.items():
        ids = [n.pk for n in items]
        if subscription.email in stopped:
            Notice.objects.filter(pk__in=ids).delete()
            continue
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
        try:
            build_message(subscription, [n.update for n in items]).send()
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
    from coproduce.delivery.models import Notice

    return (
        Notice.objects.filter(sent_at__isnull=True)
        .select_related("subscription__engagement", "update__action__engagement")
        .order_by("update__created_at", "pk")
    )


def _immediate(update_id: int):
    from coproduce.delivery.models import Subscription

    return _pending().filter(update_id=update_id, subscription__frequency=Subscription.Frequency.IMMEDIATE)


@app.task(ignore_result=True, **RETRY)
def send_immediate(update_id: int) -> int:
    return _send(_immediate(update_id))


@app.task(ignore_result=True, **RETRY)
def send_digests(frequency: str) -> int:
    """Everything a daily (or weekly) subscriber has not been told yet, in one message each. With "immediate",
    the sweep: immediate notices still waiting after their task's retries."""
    return _send(_pending().filter(subscription__frequency=frequency))


def schedule_immediate(update_id: int) -> None:
    """After the commit only: the notices exist then, and a failure can no longer undo the change. A broker outage
    (or, with no broker, a mail failure after the inline retries) is logged; the sweep on beat sends them later."""
    enqueue_on_commit(send_immediate, update_id)
