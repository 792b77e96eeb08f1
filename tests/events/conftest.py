from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from coproduce.events.actions import do_add_room, do_add_slot, do_create_event
from coproduce.events.models import Event


def make_event(world, slug: str = "gweithdy", *, kind: str = Event.Kind.WORKSHOP, capacity: int = 2) -> Event:
    start = timezone.now() + dt.timedelta(days=10)
    return do_create_event(
        world.alice,
        world.org,
        slug=slug,
        title={"en": "Clinic workshop", "cy": "Gweithdy’r clinig"},
        place={"en": "Llanfair library", "cy": "Llyfrgell Llanfair"},
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        kind=kind,
        engagement=world.public,
        capacity=capacity,
        step_free=True,
    )


@pytest.fixture
def events(world):
    workshop = make_event(world)
    day = make_event(world, "diwrnod", kind=Event.Kind.UNCONFERENCE, capacity=100)
    rooms = [do_add_room(world.alice, day, name, cap) for name, cap in (("Neuadd", 40), ("Ystafell 2", 10))]
    slots = [
        do_add_slot(world.alice, day, day.starts_at + dt.timedelta(hours=h), day.starts_at + dt.timedelta(hours=h + 1))
        for h in (0, 1)
    ]
    return SimpleNamespace(world=world, workshop=workshop, day=day, rooms=rooms, slots=slots, **vars(world))
