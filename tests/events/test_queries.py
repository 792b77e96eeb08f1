"""The event page, the grid and the organisers' pages make as many queries with one pitch or registration as with
many."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.events.actions import do_build_grid, do_pitch, do_publish_grid, do_register, do_toggle_interest


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_counts_stay_flat(events, client, django_user_model):
    w = events
    client.force_login(w.alice)
    pages = [
        reverse("events:detail", args=[w.day.slug]),
        reverse("events:grid", args=[w.day.slug]),
        reverse("events_staff:grid", args=[w.day.slug]),
        reverse("events_staff:manage", args=[w.day.slug]),
    ]
    first = do_pitch(w.day, w.pat, title="Session 0")
    do_toggle_interest(first, w.alice)
    do_register(w.day, user=w.pat, name="Pat")
    do_build_grid(w.alice, w.day, time_limit=0)
    do_publish_grid(w.alice, w.day)
    few = [count(client, url) for url in pages]
    for n in range(1, 4):
        person = django_user_model.objects.create_user(f"p{n}@example.org", "x", display_name=f"P{n}")
        do_register(w.day, user=person, name=f"P{n}", access_needs="Quiet room")
        pitch = do_pitch(w.day, person, title=f"Session {n}")
        do_toggle_interest(pitch, person)
        do_toggle_interest(pitch, w.alice)
    do_build_grid(w.alice, w.day, time_limit=0)
    many = [count(client, url) for url in pages]
    assert many == few
    assert "Session 3" in client.get(pages[1]).content.decode()
