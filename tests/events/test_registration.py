"""Registration: places, the waiting list promoted when a place frees, places released in batches, and check-in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coproduce.engagements.models import AuditEvent
from coproduce.events.actions import (
    AlreadyRegistered,
    do_cancel_registration,
    do_check_in,
    do_open_released_places,
    do_register,
    do_release_places,
)
from coproduce.events.models import Registration

CONFIRMED, WAITING = Registration.Status.CONFIRMED, Registration.Status.WAITING


def test_places_then_the_waiting_list_then_promotion(events):
    w = events
    first = do_register(w.workshop, user=w.pat, name="Pat", access_needs="Hearing loop, please")
    second = do_register(w.workshop, user=w.mo, name="Mo", language="cy")
    third = do_register(w.workshop, user=w.erin, name="Erin")
    assert (first.status, second.status, third.status) == (CONFIRMED, CONFIRMED, WAITING)
    with pytest.raises(AlreadyRegistered):
        do_register(w.workshop, user=w.pat, name="Pat")
    assert do_cancel_registration(w.mo, second) == 1
    third.refresh_from_db()
    assert third.status == CONFIRMED
    assert AuditEvent.objects.filter(action="events.registration_cancelled").count() == 1


def test_assisted_registration_and_check_in(events):
    w = events
    registration = do_register(w.workshop, name="Someone at the door", assisted_by=w.alice)
    assert registration.status == CONFIRMED and registration.user is None
    do_check_in(w.alice, registration)
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert AuditEvent.objects.filter(action="events.registered").last().details["assisted"] is True


def test_places_released_in_batches_at_set_times(events):
    w = events
    w.workshop.capacity = 4
    w.workshop.save()
    now = timezone.now()
    do_release_places(w.alice, w.workshop, now - dt.timedelta(minutes=1), 1)
    later = do_release_places(w.alice, w.workshop, now + dt.timedelta(hours=1), 3)
    a = do_register(w.workshop, user=w.pat, name="Pat")
    b = do_register(w.workshop, user=w.mo, name="Mo")
    assert (a.status, b.status) == (CONFIRMED, WAITING)
    assert do_open_released_places(now) == 0
    assert do_open_released_places(later.opens_at + dt.timedelta(seconds=1)) == 1
    b.refresh_from_db()
    assert b.status == CONFIRMED
