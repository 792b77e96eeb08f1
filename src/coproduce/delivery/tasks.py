"""Notifications sent in the background (inline when no broker is configured, like conversations/tasks.py)."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from coproduce.celery import app


def _send(notices) -> int:
    """Mail the given unsent notices, one message per subscriber; mark each notice sent. Returns messages sent."""
    from coproduce.delivery.mail import build_message
    from coproduce.delivery.models import Notice, Unsubscribed

    by_subscription = defaultdict(list)
    for notice in notices:
        by_subscription[notice.subscription].append(notice)
    stopped = set(Unsubscribed.objects.filter(email__in=[s.email for s in by_subscription]).values_list("email", flat=True))
    sent = 0
    for subscription, items in by_subscription.items():
        ids = [n.pk for n in items]
        if subscription.email in stopped:
            Notice.objects.filter(pk__in=ids).delete()
            continue
        # Claim the notices first: a task run twice (a retry, two workers) sends each notice once.
        with transaction.atomic():
            claimed = Notice.objects.filter(pk__in=ids, sent_at__isnull=True).update(sent_at=timezone.now())
        if claimed != len(ids):
            continue
        build_message(subscription, [n.update for n in items]).send()
        sent += 1
    return sent


def _pending():
    from coproduce.delivery.models import Notice

    return Notice.objects.filter(sent_at__isnull=True).select_related(
        "subscription__engagement", "update__action__engagement").order_by("update__created_at", "pk")


@app.task(ignore_result=True)
def send_immediate(update_id: int) -> int:
    from coproduce.delivery.models import Subscription

    return _send(_pending().filter(update_id=update_id, subscription__frequency=Subscription.Frequency.IMMEDIATE))


@app.task(ignore_result=True)
def send_digests(frequency: str) -> int:
    """Everything a daily (or weekly) subscriber has not been told yet, in one message each."""
    return _send(_pending().filter(subscription__frequency=frequency))


def schedule_immediate(update_id: int) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        transaction.on_commit(lambda: send_immediate.apply(args=[update_id]))
    else:
        transaction.on_commit(lambda: send_immediate.delay(update_id))
