"""Events' beat tasks: batches of places that open at their set time, and the reminder the day before."""

from __future__ import annotations

from coproduce.celery import app


@app.task(ignore_result=True)
def open_released_places() -> int:
    from coproduce.events.actions import do_open_released_places

    return do_open_released_places()


@app.task(ignore_result=True)
def send_reminders() -> int:
    """Hourly: each person with a place is reminded once (a notice per item and subscription, never twice)."""
    from coproduce.events.actions import do_send_reminders

    return do_send_reminders()
