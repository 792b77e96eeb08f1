"""Who gets what from every page of the events app: one row per view, one column per persona.

Cells as in tests/permission_matrix.py (200, saved, login, 403, 404, 405). Personas: anon, pat (registered for the
workshop, hosts a session), fran (facilitator of the linked engagement: an organiser, who may create events linked
to it), alice (glas's admin: an organiser), olly (another organisation's admin).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.conversations.models import Statement
from coproduce.engagements.models import AuditEvent
from coproduce.events.actions import do_add_note, do_pitch, do_publish_grid, do_register
from coproduce.events.models import Event, Interest, Pitch, PlaceRelease, Registration, Room, SessionNote, Slot
from tests.permission_matrix import Request, assert_row, parse_matrix, run_row

from .conftest import make_event

PERSONAS = ["anon", "pat", "fran", "alice", "olly"]

MATRIX = """
view                  scope  anon   pat    fran   alice  olly
list                  -      200    200    200    200    200
list_post             -      405    405    405    405    405
detail                -      200    200    200    200    200
detail_unpublished    -      404    404    200    200    404
register              -      login  302    200    200    200
register_post         -      login  302    saved  saved  saved
cancel_post           -      login  saved  302    302    302
ical                  -      200    200    200    200    200
feed                  -      200    200    200    200    200
pitch                 -      login  200    200    200    200
pitch_post            -      login  saved  saved  saved  saved
grid                  -      200    200    200    200    200
grid_unpublished      -      404    404    200    200    404
projector             -      200    200    200    200    200
interest_post         -      login  saved  saved  saved  saved
interest_get          -      login  405    405    405    405
notes                 -      200    200    200    200    200
notes_post            -      403    saved  saved  saved  403
manage                -      login  403    200    200    403
manage_post           -      login  403    saved  saved  403
staff_grid            -      login  403    200    200    403
staff_grid_post       -      login  403    saved  saved  403
check_in_post         -      login  403    saved  saved  403
note_statement_post   -      login  403    saved  saved  403
organisation_events   -      login  403    403    200    403
event_new             -      login  403    403    200    403
event_new_post        -      login  403    403    saved  403
event_edit            -      login  403    200    200    403
event_edit_post       -      login  403    saved  saved  403
release_post          -      login  403    saved  saved  403
engagement_events     -      login  403    200    200    403
engagement_new        -      login  403    200    200    403
engagement_new_post   -      login  403    saved  saved  403
event_cancel          -      login  403    200    200    403
event_cancel_post     -      login  403    saved  saved  403
event_delete          -      login  403    200    200    403
event_delete_post     -      login  403    saved  saved  403
event_delete_refused  -      login  403    302    302    403
"""

ROW_URL = {
    "list": "events:list",
    "list_post": "events:list",
    "detail": "events:detail",
    "detail_unpublished": "events:detail",
    "register": "events:register",
    "register_post": "events:register",
    "cancel_post": "events:cancel",
    "ical": "events:ical",
    "feed": "events:feed",
    "pitch": "events:pitch",
    "pitch_post": "events:pitch",
    "grid": "events:grid",
    "grid_unpublished": "events:grid",
    "projector": "events:projector",
    "interest_post": "events:interest",
    "interest_get": "events:interest",
    "notes": "events:notes",
    "notes_post": "events:notes",
    "manage": "events_staff:manage",
    "manage_post": "events_staff:manage",
    "staff_grid": "events_staff:grid",
    "staff_grid_post": "events_staff:grid",
    "check_in_post": "events_staff:check_in",
    "note_statement_post": "events_staff:note_statement",
    "organisation_events": "events_staff:organisation_events",
    "event_new": "events_staff:new",
    "event_new_post": "events_staff:new",
    "event_edit": "events_staff:edit",
    "event_edit_post": "events_staff:edit",
    "release_post": "events_staff:edit",
    "engagement_events": "events_staff:engagement_events",
    "engagement_new": "events_staff:engagement_new",
    "engagement_new_post": "events_staff:engagement_new",
    "event_cancel": "events_staff:cancel",
    "event_cancel_post": "events_staff:cancel",
    "event_delete": "events_staff:delete",
    "event_delete_post": "events_staff:delete",
    "event_delete_refused": "events_staff:delete",
}

EVENT_POST = {
    "form": "event",
    "slug": "gweithdy-newydd",
    "kind": "workshop",
    "title_en": "Bus times workshop",
    "title_cy": "Gweithdy amserau bysiau",
    "starts_at": "2030-03-14T10:00",
    "ends_at": "2030-03-14T12:00",
    "capacity": "20",
    "published": "on",
}

ROWS = parse_matrix(MATRIX, PERSONAS)


@pytest.fixture
def matrix_world(events):
    w = events
    w.registration = do_register(w.workshop, user=w.pat, name="Pat", access_needs="Quiet room")
    w.pitch = do_pitch(w.day, w.pat, title="Transport to the clinic")
    w.note = do_add_note(w.pitch, w.pat, "The last bus leaves before the clinic ends.")
    do_publish_grid(w.alice, w.day)
    w.hidden = make_event(w, "cudd", kind=Event.Kind.UNCONFERENCE)
    Event.objects.filter(pk=w.hidden.pk).update(published=False)
    return w


def build_request(view: str, w) -> Request:
    name = ROW_URL[view]
    slug = {
        "events:register": w.workshop.slug,
        "events:cancel": w.workshop.slug,
        "events_staff:cancel": w.workshop.slug,
        "events:ical": w.workshop.slug,
        "events_staff:manage": w.workshop.slug,
    }.get(name, w.day.slug)
    if view in ("detail_unpublished", "grid_unpublished"):
        slug = w.hidden.slug
    args = {
        "events:list": [],
        "events:feed": [w.org.slug],
        "events_staff:organisation_events": [w.org.slug],
        "events_staff:new": [w.org.slug],
        "events:interest": [w.pitch.pk],
        "events:notes": [w.pitch.pk],
        "events_staff:check_in": [w.registration.pk],
        "events_staff:note_statement": [w.note.pk],
        "events_staff:engagement_events": [w.public.slug],
        "events_staff:engagement_new": [w.public.slug],
    }.get(name, [slug])
    if view == "event_delete_refused":  # people are registered and not told: refused, nothing deleted
        args = [w.workshop.slug]
    url = reverse(name, args=args)
    posts = {
        "list_post": {},
        "register_post": {"name": "Someone", "language": "cy"},
        "cancel_post": {},
        "pitch_post": {"title": "Welsh at the front desk", "host_name": "Someone", "language": "cy"},
        "interest_post": {},
        "notes_post": {"text": "Reception could greet people in Welsh.", "language": "en"},
        "manage_post": {"name": "Someone at the door", "language": "en"},
        "staff_grid_post": {"form": "room", "room-name": "Ystafell 3", "room-capacity": "12"},
        "event_new_post": EVENT_POST,
        "event_edit_post": {**EVENT_POST, "slug": ""},
        "engagement_new_post": {k: v for k, v in EVENT_POST.items() if k != "form"},
        "event_cancel_post": {},
        "event_delete_post": {},
        "event_delete_refused": {},
        "release_post": {"form": "release", "release-opens_at": "2030-03-01T09:00", "release-places": "10"},
        "check_in_post": {},
        "note_statement_post": {},
    }
    if view in posts:
        return Request("post", url, posts[view])
    return Request("get", url)


def snapshot() -> tuple:
    return (
        list(Registration.objects.order_by("pk").values_list("pk", "status", "checked_in_at")),
        list(Pitch.objects.order_by("pk").values_list("pk", "slot", "room", "pinned")),
        Interest.objects.count(),
        list(SessionNote.objects.order_by("pk").values_list("pk", "statement")),
        Room.objects.count(),
        Slot.objects.count(),
        Statement.objects.count(),
        list(
            Event.objects.order_by("pk").values_list(
                "pk", "grid_published_at", "title_en", "capacity", "starts_at", "cancelled_at", "engagement"
            )
        ),
        PlaceRelease.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(("view", "scope", "expected"), [pytest.param(*row, id=row[0]) for row in ROWS])
def test_permission_matrix(view, scope, expected, matrix_world):
    w = matrix_world
    got = run_row(PERSONAS, build_request(view, w), w, snapshot)
    assert_row(view, scope, PERSONAS, expected, got)
