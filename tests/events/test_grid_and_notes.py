"""Unconference mode: pitches and interest, the grid built with pins kept, and a session note becoming a statement
in the linked engagement's conversation, marked as from an event session."""

from __future__ import annotations

import pytest

from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Statement
from coproduce.events.actions import (
    GridError,
    do_add_note,
    do_build_grid,
    do_note_to_statement,
    do_pin,
    do_pitch,
    do_publish_grid,
    do_toggle_interest,
)
from coproduce.events.models import Pitch


def test_interest_is_one_click_and_takes_back(events):
    w = events
    pitch = do_pitch(w.day, w.pat, title="Transport to the clinic")
    assert do_toggle_interest(pitch, w.mo) is True
    assert do_toggle_interest(pitch, w.mo) is False
    assert pitch.interests.count() == 0


def test_grid_keeps_pins_fills_places_and_puts_the_most_wanted_in_the_biggest_room(events):
    w = events
    people = [w.pat, w.mo, w.erin, w.sam, w.fran]
    pitches = [do_pitch(w.day, people[i], title=f"Session {i}") for i in range(5)]
    for n, pitch in enumerate(pitches):
        for person in people[: 5 - n]:
            do_toggle_interest(pitch, person)
    do_pin(w.alice, pitches[4], w.slots[1], w.rooms[1])
    grid = do_build_grid(w.alice, w.day, time_limit=0.5)
    assert grid.measures.scheduled == 4
    placed = {p.pk: (p.slot_id, p.room_id) for p in Pitch.objects.filter(event=w.day)}
    assert placed[pitches[4].pk] == (w.slots[1].pk, w.rooms[1].pk)
    assert placed[pitches[0].pk][1] == w.rooms[0].pk  # the most wanted in the hall
    assert sum(1 for v in placed.values() if v != (None, None)) == 4
    do_publish_grid(w.alice, w.day)
    w.day.refresh_from_db()
    assert w.day.grid_published_at is not None


def test_no_grid_without_rooms(events):
    w = events
    with pytest.raises(GridError):
        do_build_grid(w.alice, w.workshop)


def test_a_note_becomes_a_statement_from_an_event_session(events):
    w = events
    pitch = do_pitch(w.day, w.pat, title="Transport to the clinic")
    note = do_add_note(pitch, w.pat, "The bus from the valley stops before the evening clinic ends.")
    statement = do_note_to_statement(w.alice, note)
    assert statement.conversation == conversation_of(w.public)
    assert statement.origin == Statement.Origin.EVENT
    assert do_note_to_statement(w.alice, note) == statement  # once only


def test_the_engagement_and_network_pages_list_their_events(events, client):
    from coproduce.events.models import Event
    from coproduce.networks.models import Network

    w = events
    network = Network.objects.create(slug="cymru", name_en="Wales network", name_cy="Rhwydwaith Cymru")
    Event.objects.filter(pk=w.workshop.pk).update(network=network)
    assert "Clinic workshop" in client.get(w.public.get_absolute_url()).content.decode()
    assert "Clinic workshop" in client.get(network.get_absolute_url()).content.decode()
