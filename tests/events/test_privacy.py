"""Access and dietary needs are for the organisers only: never on a page someone else can see."""

from __future__ import annotations

from django.urls import reverse

from coproduce.events.actions import do_register

NEED = "Step-free route from the station, please"
DIET = "Coeliac: no gluten"


def test_needs_are_seen_by_organisers_only(events, client):
    w = events
    do_register(w.workshop, user=w.pat, name="Pat", access_needs=NEED, dietary_needs=DIET)
    pages = [
        reverse("events:detail", args=[w.workshop.slug]),
        reverse("events:list"),
        reverse("events:ical", args=[w.workshop.slug]),
    ]
    for person in (None, w.pat, w.mo, w.olly):
        client.logout()
        if person is not None:
            client.force_login(person)
        for url in pages:
            body = client.get(url).content.decode()
            assert NEED not in body and DIET not in body, (person, url)
        assert client.get(reverse("events_staff:manage", args=[w.workshop.slug])).status_code in (302, 403)
    client.force_login(w.alice)
    body = client.get(reverse("events_staff:manage", args=[w.workshop.slug])).content.decode()
    assert NEED in body and DIET in body


def test_a_full_event_offers_the_waiting_list_in_welsh(events, client):
    w = events
    do_register(w.workshop, user=w.pat, name="Pat")
    do_register(w.workshop, user=w.mo, name="Mo")
    client.force_login(w.erin)
    response = client.post(
        reverse("events:register", args=[w.workshop.slug]),
        {"name": "Erin", "language": "cy"},
        HTTP_ACCEPT_LANGUAGE="cy",
    )
    assert response.status_code == 302
    page = client.get(reverse("events:detail", args=[w.workshop.slug]), HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert "Rydych ar y rhestr aros" in page


def test_bad_input_gets_a_message_and_changes_nothing(events, client):
    w = events
    client.force_login(w.pat)
    response = client.post(
        reverse("events:pitch", args=[w.day.slug]), {"title": "", "host_name": "Pat", "language": "en"}
    )
    assert response.status_code == 400
    assert w.day.pitches.count() == 0
    client.force_login(w.alice)
    response = client.post(
        reverse("events_staff:grid", args=[w.day.slug]),
        {"form": "slot", "slot-starts_at": "11:00", "slot-ends_at": "10:00"},
    )
    assert response.status_code == 400
    assert "The end must be after the start." in response.content.decode()
    assert w.day.slots.count() == 2
