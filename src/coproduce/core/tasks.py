"""Queue a Celery task once the change that asked for it is committed: the one way every app does it.

Celery's own `task.delay_on_commit` (5.4+) does the "after the commit" part, but an error from the broker would then
be raised out of the commit, into the page that made the change: the change is stored, yet the person sees an error
page. Here a failure to queue is logged and swallowed instead; each task says what catches up on it later (the
beat sweep of waiting notices, pages recomputing a stale analysis).

No task branches on eager mode: this one helper does. With no broker (CELERY_TASK_ALWAYS_EAGER, settings.py) the
task runs inline, once, and a run that fails is logged and swallowed as a failure to queue is.

`enqueue_after_response` is for work too long for the request that asked for it (the open data's build, seconds on
a large conversation): with no broker it runs once the response has been sent (Django's request_finished, which a
WSGI server sends when it closes the response), in the same process, never before the person has their answer.
"""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING, Any

import structlog
from django.core.signals import request_finished, request_started
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


# Work waiting for the end of the current request, per thread (a WSGI worker thread serves one request at a time).
_after_response = threading.local()


def enqueue_after_response(task: Task, *args: Any, countdown: int | None = None) -> None:
    """`task(*args)` in a worker (after the commit, `countdown` seconds later) or, with no broker, after the response.

    With no broker: inside a request, once the response has been sent (request_finished), at most once per
    (task, args) a request; outside a request (a command, a shell, a worker), after the commit, as enqueue_on_commit.
    """
    if not task.app.conf.task_always_eager:
        enqueue_on_commit(task, *args, countdown=countdown)
        return
    pending = getattr(_after_response, "pending", None)
    if pending is None:  # not inside a request
        enqueue_on_commit(task, *args)
    elif (task, args) not in pending:
        pending.append((task, args))


# After-response work of this process still running: what a test waits for before it empties the database (a build
# still running then holds locks that PostgreSQL's TRUNCATE deadlocks on). Counted around the work only: a test
# client's streamed response that is never closed never finishes its request, and must not be waited for.
_serving = threading.Condition()
_in_flight = 0


def _request_started(**kwargs: Any) -> None:
    _after_response.pending = []


def _request_finished(**kwargs: Any) -> None:
    global _in_flight
    pending = getattr(_after_response, "pending", None) or []
    _after_response.pending = None
    if not pending:
        return
    with _serving:
        _in_flight += 1
    try:
        for task, args in pending:
            enqueue(task, *args)  # inline: logged and swallowed if it fails, never raised into the server
    finally:
        with _serving:
            _in_flight -= 1
            _serving.notify_all()


def wait_until_served(timeout: float = 30.0) -> bool:
    """Wait until no after-response work of this process is running (tests: before the database is emptied); False
    if some still was after `timeout` seconds."""
    with _serving:
        return _serving.wait_for(lambda: _in_flight == 0, timeout)


request_started.connect(_request_started, dispatch_uid="coproduce.core.tasks.started")
request_finished.connect(_request_finished, dispatch_uid="coproduce.core.tasks.finished")
