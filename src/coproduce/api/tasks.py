"""The open data's build, in a worker (or, with no broker, after the response that asked for it): api/builds.py."""

from __future__ import annotations

# Our app, not Celery's default one: the web process must send tasks to CELERY_BROKER_URL, never to a default broker.
from coproduce.celery import app


@app.task(ignore_result=True)
def build_open_data(conversation_id: int) -> None:
    from coproduce.api.builds import build

    build(conversation_id)
