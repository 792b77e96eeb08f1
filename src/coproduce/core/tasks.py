"""Queue a Celery task once the change that asked for it is committed: the one way every app does it.

Celery's own `task.delay_on_commit` (5.4+) does the "after the commit" part, but an error from the broker would then
be raised out of the commit, into the page that made the change: the change is stored, yet the person sees an error
page. Here a failure to queue is logged and swallowed instead; each task says what catches up on it later (the
beat sweep of waiting notices, pages recomputing a stale analysis).

No task branches on eager mode: this one helper does. With no broker (CELERY_TASK_ALWAYS_EAGER, settings.py) the
task runs inline, once, and a run that fails is logged and swallowed as a failure to queue is.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import structlog
from django.db import transaction

if TYPE_CHECKING:
    from celery import Task

    from coproduce.core.cache import Outage

logger = structlog.get_logger(__name__)


def enqueue(task: Task, *args: Any, countdown: int | None = None, outage: Outage | None = None) -> bool:
    """Queue (or, with no broker, run) `task(*args)` now; False, logged, if that failed.

    `outage`: a core.cache.Outage to report to instead of logging every failure (a task queued on every vote would
    otherwise log once a vote while the broker is down).
    """
    try:
        if task.app.conf.task_always_eager:
            # Inline (no broker): one try. Celery would run each retry at once, inside the request, up to
            # max_retries times (an SMTP server that hangs would hold the page that long); the work waits instead
            # for what catches up on it (see each task).
            task.apply(args=args, retries=task.max_retries or 0, throw=True)
        elif countdown is None:
            task.delay(*args)
        else:
            task.apply_async(args=args, countdown=countdown)
    except Exception as error:  # kombu's errors vary by transport, and an inline run raises its own
        if outage is not None:
            outage.failed(error, task.name)
        else:
            logger.exception("task_not_queued", task=task.name, args=args)
        return False
    if outage is not None:
        outage.answered()
    return True


def enqueue_on_commit(task: Task, *args: Any, countdown: int | None = None, outage: Outage | None = None) -> None:
    """`enqueue` after the current transaction commits (at once outside one); never raises into the request."""
    transaction.on_commit(functools.partial(enqueue, task, *args, countdown=countdown, outage=outage))
