"""The grid as pages show it: slots in time order, each with its rooms and sessions, in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count

from coproduce.events.models import Event, Pitch


def pitches_with_interest(event: Event):
    return (
        event.pitches.annotate(interest=Count("interests")).select_related("slot", "room").order_by("-interest", "pk")
    )


def grid_rows(event: Event) -> dict:
    """{"slots": [{"slot", "sessions": [(room, pitch or None)]}], "unscheduled": [pitch…]} with interest counts."""
    rooms = list(event.rooms.all())
    slots = list(event.slots.all())
    pitches: list[Pitch] = list(pitches_with_interest(event))
    placed = {(p.slot_id, p.room_id): p for p in pitches if p.slot_id and p.room_id}
    return {
        "rooms": rooms,
        "slots": [{"slot": s, "sessions": [(r, placed.get((s.pk, r.pk))) for r in rooms]} for s in slots],
        "unscheduled": [p for p in pitches if not (p.slot_id and p.room_id)],
        "unscheduled_interest": sum(p.interest for p in pitches if not (p.slot_id and p.room_id)),
    }
