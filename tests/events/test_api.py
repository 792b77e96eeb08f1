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
