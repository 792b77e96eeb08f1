"""On PostgreSQL: two people taking the last place at the same moment: one gets it, the other is wait-listed."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from coproduce.events.actions import do_register
from coproduce.events.models import Registration

from .conftest import make_event

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so it cannot show two registrations at once")


def test_two_people_take_the_last_place_at_once(postgresql_only, world):
    event = make_event(world, capacity=1)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def register(user) -> None:
        try:
            start.wait(timeout=30)
            do_register(event, user=user, name=user.display_name)
        except BaseException as error:  # noqa: BLE001 - reported in the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(u,)) for u in (world.pat, world.mo)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    statuses = sorted(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses == [Registration.Status.CONFIRMED, Registration.Status.WAITING]
