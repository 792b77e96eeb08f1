"""Background analysis: when votes change, recompute at most once per conversation every 2 seconds."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache

# Our app, not Celery's default one: the web process must send tasks to CELERY_BROKER_URL, never to a default broker.
from coproduce.celery import app
from coproduce.core.cache import Outage
from coproduce.core.tasks import enqueue_on_commit

DEBOUNCE_SECONDS = 2
# For its rate-limited warning: one a minute, not one a vote.
broker_outage = Outage("CELERY_BROKER_URL", what="broker", meanwhile="analysis recomputed when a page reads it")


#: Called as listener(conversation_id, force) when schedule_analysis schedules a recompute (the first change of a
#: debounce window, or a forced one): apps above that keep something built from a conversation's data add themselves
#: here (api's open data builds, ApiConfig.ready), since this app must not import them. Not on every vote: each call
#: cost the vote request cache round trips (py-spy under benchmarks/load.py, decision 0022); a change later in the
#: window is found by the listener's own reads (the votes' and statements' times are in the database). With Redis
#: down, add() fails open and the listeners hear every change (the open data's then finds the cache down and stops).
change_listeners: list[Callable[[int, bool], None]] = []


@app.task(ignore_result=True)
def recompute_analysis(conversation_id: int) -> None:
    from coproduce.conversations.analysis import compute_snapshot
    from coproduce.conversations.models import Conversation

    conversation = Conversation.objects.select_related("engagement").filter(pk=conversation_id).first()
    if conversation is not None:
        compute_snapshot(conversation)


def schedule_analysis(conversation_id: int, *, force: bool = False) -> bool:
    """Ask for a recompute after a change; returns False when one is already due within the debounce window.

    With a broker, the task runs in a worker DEBOUNCE_SECONDS later and sees every vote cast meanwhile. With no
    broker, it runs inline (at most once per window); pages recompute a stale snapshot when they are read.
    `force` (moderation) schedules a run even inside the window: pages only notice newer *votes*, so an inline run
    that finished before a statement was hidden would otherwise keep it in the map until the next vote.
    """
    if not cache.add(f"analysis-due:{conversation_id}", 1, timeout=DEBOUNCE_SECONDS) and not force:
        return False
    for listener in change_listeners:
        listener(conversation_id, force)
    if not getattr(cache, "available", True) and not force:
        # Redis is down and add() failed open (coproduce/core/cache.py): every vote would look like the first of
        # its window and recompute inline, or wait on a broker that is likely down too. Pages recompute then.
        return False
    # After the commit: the vote is stored, so a broker outage must not turn its answer into a 500; pages then
    # recompute a stale analysis when they are read.
    enqueue_on_commit(recompute_analysis, conversation_id, countdown=DEBOUNCE_SECONDS, outage=broker_outage)
    return True
