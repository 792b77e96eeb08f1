"""Issue 13, item 4: line breaks in single-line fields are refused, and a mail failure never loses a notice, never
marks it sent, and never turns a committed status change into an error page."""

from __future__ import annotations

import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from coproduce.delivery import actions
from coproduce.delivery.models import Action, ActionUpdate, Iteration
from coproduce.delivery.notify import topic_of
from coproduce.notifications import tasks
from coproduce.notifications.models import Notice
from tests.delivery.conftest import subscribe

FAILING_SEND = "django.core.mail.backends.locmem.EmailBackend.send_messages"
LINE_BREAK_MESSAGE = "Keep this to one line"


@pytest.mark.parametrize("field", ["title", "owner"])
@pytest.mark.parametrize("breaker", ["\r\n", "\n", "\r"])
def test_a_line_break_in_an_action_title_or_owner_is_refused_and_nothing_saved(delivery, as_user, field, breaker):
    thing = delivery.things["outpatients"]
    before = Action.objects.count()
    data = {"decision": str(thing.decision.pk), "title": "Evening clinics", "owner": "Clinic managers"}
    data[field] = f"Evening clinics{breaker}Bcc: someone@example.org"
    response = as_user(delivery.world.fran).post(reverse("delivery_staff:action_new", args=["outpatients"]), data)
    assert response.status_code == 400
    assert LINE_BREAK_MESSAGE in response.content.decode()
    assert Action.objects.count() == before


def test_a_line_break_in_an_iteration_name_is_refused(delivery, as_user):
    response = as_user(delivery.world.fran).post(
        reverse("delivery_staff:iterations_edit", args=["outpatients"]),
        {"name": "Iteration 1\r\nX", "goal": "Reminders", "starts_on": "2026-01-01", "ends_on": "2026-02-01"},
    )
    assert response.status_code == 400
    assert LINE_BREAK_MESSAGE in response.content.decode()
    assert not Iteration.objects.exists()


def post_status(client, action, status="done"):
    return client.post(
        reverse("delivery_staff:action_status", args=["outpatients", action.pk]), {"status-status": status}
    )


def test_a_mail_failure_after_commit_is_not_an_error_and_the_notice_waits(
    delivery, as_user, django_capture_on_commit_callbacks
):
    thing = delivery.things["outpatients"]
    subscribe(thing.author)
    staff = as_user(delivery.world.fran)
    with mock.patch(FAILING_SEND, side_effect=smtplib.SMTPServerDisconnected("the server went away")) as send:
        with django_capture_on_commit_callbacks(execute=True):
            response = post_status(staff, thing.action)
        # Tried once: with no broker the task runs in the request, and retries there would hold the page.
        assert send.call_count == 1
    assert response.status_code == 302
    thing.action.refresh_from_db()
    assert thing.action.status == Action.Status.DONE  # the change is committed
    notice = Notice.objects.get()
    assert notice.sent_at is None  # not reported as sent
    assert mail.outbox == []

    # The next run (a Celery retry, or the sweep of waiting notices) sends it, once.
    update = ActionUpdate.objects.get(action=thing.action)
    args = [topic_of(delivery.world.public), str(update.pk)]
    assert tasks.send_immediate.apply(args=args).get() == 1
    assert len(mail.outbox) == 1
    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert tasks.send_immediate.apply(args=args).get() == 0
    assert tasks.send_digests.apply(args=["immediate"]).get() == 0
    assert len(mail.outbox) == 1


def test_the_task_retries_with_back_off_and_never_marks_a_failed_notice_sent(delivery, monkeypatch):
    thing = delivery.things["outpatients"]
    subscribe(thing.author)
    update = actions.do_set_action_status(delivery.world.fran, thing.action, Action.Status.DONE)
    assert tasks.send_immediate.retry_backoff and tasks.send_immediate.max_retries >= 3
    # Eagerly, Celery runs the retries at once, one after the other (a worker waits 1, 2, 4, … minutes).
    monkeypatch.setitem(tasks.app.conf, "task_eager_propagates", False)
    with mock.patch(FAILING_SEND, side_effect=smtplib.SMTPServerDisconnected("down")) as send:
        result = tasks.send_immediate.apply(args=[topic_of(delivery.world.public), str(update.pk)])
    assert result.state == "FAILURE" and isinstance(result.result, smtplib.SMTPServerDisconnected)
    assert send.call_count == tasks.send_immediate.max_retries + 1  # retried, then left for the sweep
    assert Notice.objects.get().sent_at is None
    # Notices left waiting are swept up: sent once.
    assert tasks.send_digests.apply(args=["immediate"]).get() == 1
    assert tasks.send_digests.apply(args=["immediate"]).get() == 0
    assert len(mail.outbox) == 1 and Notice.objects.get().sent_at is not None


def test_an_old_title_with_a_line_break_still_mails_on_one_line(delivery, as_user, django_capture_on_commit_callbacks):
    """Rows saved before the forms refused line breaks: the subject is one line, the page answers as usual."""
    thing = delivery.things["outpatients"]
    Action.objects.filter(pk=thing.action.pk).update(title="Send a text\r\nBcc: someone@example.org")
    subscribe(thing.author)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_status(as_user(delivery.world.fran), thing.action)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "\n" not in mail.outbox[0].subject and "\r" not in mail.outbox[0].subject
    assert Notice.objects.get().sent_at is not None


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_with_a_broker_the_task_is_queued_after_commit_and_a_broker_outage_is_not_an_error(
    delivery, as_user, django_capture_on_commit_callbacks
):
    thing = delivery.things["outpatients"]
    subscribe(thing.author)
    with mock.patch.object(tasks.send_immediate, "delay", side_effect=ConnectionError("no broker")) as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = post_status(as_user(delivery.world.fran), thing.action)
        assert not delay.called  # not before the commit
        for callback in callbacks:
            callback()
        assert delay.called
    assert response.status_code == 302
    assert Notice.objects.get().sent_at is None  # waits for the sweep
