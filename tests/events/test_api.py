"""Events as open data: published events, sessions and the published grid, without personal details."""

from __future__ import annotations

from coproduce.events.actions import do_build_grid, do_pitch, do_publish_grid, do_register, do_toggle_interest


def test_events_sessions_and_grid_without_personal_details(events, client):
    w = events
    do_register(w.workshop, user=w.pat, name="Pat Secret", access_needs="Wheelchair user", dietary_needs="Vegan")
    pitch = do_pitch(w.day, w.pat, title="Transport to the clinic", host_name="Pat Secret")
    do_toggle_interest(pitch, w.mo)
    listed = client.get("/api/v1/events")
    assert listed.status_code == 200
    body = listed.content.decode()
    assert "Pat Secret" not in body and "Wheelchair" not in body and "Vegan" not in body
    workshop = next(e for e in listed.json()["items"] if e["slug"] == w.workshop.slug)
    assert workshop["places_taken"] == 1 and workshop["title_cy"] == "Gweithdy’r clinig"
    assert client.get(f"/api/v1/events/{w.day.slug}/grid").status_code == 404  # not published yet
    sessions = client.get(f"/api/v1/events/{w.day.slug}/sessions").json()
    assert sessions[0]["interest"] == 1 and sessions[0]["starts_at"] is None
    assert "Pat Secret" not in str(sessions)
    do_build_grid(w.alice, w.day, time_limit=0)
    do_publish_grid(w.alice, w.day)
    grid = client.get(f"/api/v1/events/{w.day.slug}/grid").json()
    assert [s["title"] for slot in grid for s in slot["sessions"]] == ["Transport to the clinic"]
    assert grid[0]["sessions"][0]["room"] == "Neuadd"


def test_the_open_data_files_have_their_columns_and_no_personal_details(events, client, django_assert_max_num_queries):
    """events.csv and event-sessions.csv: published events only, both languages, counts never names; a session's
    place only once the grid is published; a cancelled event says so."""
    import csv
    import io

    from coproduce.events.actions import do_cancel_event
    from coproduce.events.models import Event

    w = events
    do_register(w.workshop, user=w.pat, name="Pat Secret", access_needs="Wheelchair user", dietary_needs="Vegan")
    pitch = do_pitch(w.day, w.pat, title="Transport to the clinic", host_name="Pat Secret")
    do_toggle_interest(pitch, w.mo)
    hidden = do_pitch(w.day, w.pat, title="Hidden")
    Event.objects.filter(pk=w.day.pk).update(online_url="https://meet.example.org/secret-room")
    do_cancel_event(w.alice, w.workshop)
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/open-data/events.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="events.csv"' in response["Content-Disposition"]
    text = response.content.decode()
    for secret in ("Pat Secret", "Wheelchair", "Vegan", "secret-room", w.pat.email):
        assert secret not in text
    rows = {r["event"]: r for r in csv.DictReader(io.StringIO(text))}
    assert sorted(rows) == sorted([w.workshop.slug, w.day.slug])
    workshop = rows[w.workshop.slug]
    assert (workshop["title_cy"], workshop["place_cy"], workshop["places_taken"]) == (
        "Gweithdy’r clinig",
        "Llyfrgell Llanfair",
        "1",
    )
    assert workshop["cancelled"] == "true" and rows[w.day.slug]["cancelled"] == "false"
    assert rows[w.day.slug]["online"] == "true" and workshop["engagement"] == w.public.slug
    assert workshop["licence"] and workshop["attribution"]
    assert client.get("/api/v1/events/" + w.workshop.slug).json()["cancelled"] is True

    Event.objects.filter(pk=w.workshop.pk).update(published=False)  # an unpublished event's sessions are not served
    sessions_url = "/api/v1/open-data/event-sessions.csv"
    sessions = list(csv.DictReader(io.StringIO(client.get(sessions_url).content.decode())))
    assert [s["title"] for s in sessions] == ["Transport to the clinic", "Hidden"]
    assert sessions[0]["interest"] == "1" and sessions[0]["room"] == "" and sessions[0]["starts_at"] == ""
    assert "Pat Secret" not in str(sessions) and "host" not in sessions[0]
    do_build_grid(w.alice, w.day, time_limit=0)
    do_publish_grid(w.alice, w.day)
    placed = {s["session"]: s for s in csv.DictReader(io.StringIO(client.get(sessions_url).content.decode()))}
    assert placed[str(pitch.pk)]["room"] == "Neuadd" and placed[str(pitch.pk)]["starts_at"]
    assert str(hidden.pk) in placed
