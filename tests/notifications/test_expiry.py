"""Unconfirmed subscriptions expire: the link stops working after CONFIRM_WITHIN, and beat removes the request
(an address nobody confirmed is not kept). Confirmed subscriptions never expire."""

from __future__ import annotations

import datetime as dt
import importlib
import re

from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from coproduce.notifications import actions, tasks
from coproduce.notifications.mail import CONFIRM_WITHIN
from coproduce.notifications.models import Subscription
from tests.notifications.conftest import subscribe


def test_an_expired_link_says_so_and_confirms_nothing(news, db, django_capture_on_commit_callbacks, monkeypatch):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(news, confirm=False)
    link = re.search(r"http://testserver(/notifications/confirm/\S+/)", mail.outbox[0].body).group(1)
    real_time = __import__("time").time
    monkeypatch.setattr("django.core.signing.time.time", lambda: real_time() + CONFIRM_WITHIN.total_seconds() + 60)
    for method in ("get", "post"):
        response = getattr(Client(), method)(link)
        assert response.status_code == 404
        page = response.content.decode()
        assert "This link does not work" in page and f"Confirmation links work for {CONFIRM_WITHIN.days} days" in page
    assert Subscription.objects.get().confirmed_at is None


def test_requests_nobody_confirmed_in_time_are_removed_and_the_rest_kept(news, db):
    confirmed = subscribe(news, who="participant:1", email="yes@example.org")
    old = subscribe(news, who="participant:2", email="old@example.org", confirm=False)
    recent = subscribe(news, who="participant:3", email="recent@example.org", confirm=False)
    long_ago = timezone.now() - CONFIRM_WITHIN - dt.timedelta(minutes=1)
    Subscription.objects.filter(pk__in=[old.pk, confirmed.pk]).update(confirmation_sent_at=long_ago)
    assert tasks.expire_unconfirmed.apply().get() == 1
    assert set(Subscription.objects.values_list("pk", flat=True)) == {confirmed.pk, recent.pk}
    assert actions.do_expire_unconfirmed() == 0


def test_beat_runs_the_expiry_the_digests_and_the_sweep():
    scheduled = {(entry["task"], tuple(entry.get("args", ()))) for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled >= {
        ("coproduce.notifications.tasks.expire_unconfirmed", ()),
        ("coproduce.notifications.tasks.send_digests", ("daily",)),
        ("coproduce.notifications.tasks.send_digests", ("weekly",)),
        ("coproduce.notifications.tasks.send_digests", ("immediate",)),
    }
    # Every entry names a real task: its module (as the worker's autodiscovery imports it) registers it.
    for task, _args in scheduled:
        importlib.import_module(task.rsplit(".", 1)[0])
    assert set(tasks.app.tasks) >= {task for task, _args in scheduled}
