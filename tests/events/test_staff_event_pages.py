"""Organisers create and edit an event in the browser (issue 19): texts in English and Welsh side by side, when,
where and its access, the online link, places and batches of places. Bad input gets a clear message in the reader's
language and saves nothing; every write goes through an action with its audit event. Events written in one language
only are on the Welsh-language compliance pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from coproduce.engagements.models import AuditEvent
from coproduce.events.actions import EDITABLE, EventError, do_register, do_update_event
from coproduce.events.models import Event, PlaceRelease, Registration

from .conftest import make_event

pytestmark = pytest.mark.django_db

GOOD = {
    "slug": "gweithdy-bysiau",
    "kind": "workshop",
    "title_en": "Bus times workshop",
    "title_cy": "Gweithdy amserau bysiau",
    "description_en": "How the new timetable fits clinic times.",
    "starts_at": "2030-03-14T10:00",
    "ends_at": "2030-03-14T12:30",
    "place_en": "Llanfair library",
    "place_cy": "Llyfrgell Llanfair",
    "step_free": "on",
    "hearing_loop": "on",
    "online_url": "https://meet.example.org/bysiau",
    "capacity": "25",
    "published": "on",
}


def _state() -> tuple:
    return (
        list(Event.objects.order_by("pk").values_list("slug", "title_en", "title_cy", "capacity", "starts_at")),
        PlaceRelease.objects.count(),
        AuditEvent.objects.count(),
    )


def test_an_admin_creates_an_event_with_both_languages_and_its_access(client, world):
    client.force_login(world.alice)
    form_page = client.get(reverse("events_staff:new", args=[world.org.slug])).content.decode()
    assert 'name="title_en"' in form_page and 'name="title_cy"' in form_page and 'lang="cy"' in form_page
    response = client.post(reverse("events_staff:new", args=[world.org.slug]), {**GOOD, "engagement": world.public.pk})
    assert response.status_code == 302
    event = Event.objects.get(slug="gweithdy-bysiau")
    assert (event.title_en, event.title_cy, event.place_cy) == (
        "Bus times workshop",
        "Gweithdy amserau bysiau",
        "Llyfrgell Llanfair",
    )
    assert event.step_free and event.hearing_loop and not event.quiet_room
    assert event.capacity == 25 and event.engagement == world.public and event.published
    assert timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M") == "2030-03-14 10:00"
    assert AuditEvent.objects.filter(action="events.event_created").count() == 1
    listing = client.get(reverse("events_staff:organisation_events", args=[world.org.slug])).content.decode()
    assert reverse("events_staff:edit", args=[event.slug]) in listing


def test_the_staff_dashboard_links_to_the_organisations_events(client, world):
    client.force_login(world.alice)
    page = client.get(reverse("staff:dashboard")).content.decode()
    assert f'href="{reverse("events_staff:organisation_events", args=[world.org.slug])}"' in page


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title_en": "", "title_cy": ""}, "Enter the event’s title"),
        ({"ends_at": "2030-03-14T09:00"}, "The end must be after the start."),
        ({"ends_at": "2030-03-14T10:00"}, "The end must be after the start."),
        ({"starts_at": "next Tuesday"}, "Enter a real date and time, for example 2027-03-14 10:30"),
        ({"starts_at": ""}, "Enter the date and time"),
        ({"capacity": "-1"}, "The number of places cannot be less than 0"),
        ({"capacity": "lots"}, "Enter the number of places as a whole number, like 30"),
        (
            {"online_url": "javascript:alert(1)"},
            "Enter the online link as a web address, like https://meet.example.org/abc",
        ),
        ({"online_url": "not a link"}, "Enter the online link as a web address, like https://meet.example.org/abc"),
        ({"slug": "Gweithdy Bysiau!"}, "Use only lower-case letters, numbers and hyphens in the short name"),
        ({"slug": "gweithdy"}, "Another event already has this short name: choose another"),
        ({"title_en": "Two\nlines"}, "Keep this to one line: remove the line breaks."),
        ({"kind": "party"}, None),
    ],
)
def test_bad_event_input_is_refused_in_both_languages_and_saves_nothing(client, world, language, changes, message):
    make_event(world)  # "gweithdy": a short name already taken
    before = _state()
    client.force_login(world.alice)
    client.cookies["coproduce_language"] = language
    response = client.post(reverse("events_staff:new", args=[world.org.slug]), {**GOOD, **changes})
    assert response.status_code == 400
    assert _state() == before
    body = response.content.decode()
    assert "error-summary" in body
    if message:
        with translation.override(language):
            expected = translation.gettext(message)
        assert expected in body
        if language == "cy":
            assert expected != message, "no Welsh for " + message


def _edit_post(event: Event, **changes) -> dict:
    data = {**GOOD, "form": "event", **changes}
    del data["slug"]
    return data


def test_an_organiser_edits_the_event_and_more_places_promote_the_waiting_list(client, world):
    event = make_event(world, capacity=1)  # linked to world.public: fran (its facilitator) organises it
    do_register(event, user=world.pat, name="Pat")
    waiting = do_register(event, name="Someone waiting")
    assert waiting.status == Registration.Status.WAITING
    client.force_login(world.fran)
    page = client.get(reverse("events_staff:edit", args=[event.slug])).content.decode()
    assert 'value="Clinic workshop"' in page and "Gweithdy’r clinig" in page
    response = client.post(
        reverse("events_staff:edit", args=[event.slug]),
        _edit_post(event, capacity="2", title_cy="Gweithdy newydd", engagement=world.public.pk),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title_cy, event.capacity, event.slug) == ("Gweithdy newydd", 2, "gweithdy")
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    audit = AuditEvent.objects.filter(action="events.event_updated").get()
    assert audit.details["promoted"] == 1 and "capacity" in audit.details["changed"]


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_at": "2030-03-13T10:00"}, "The end must be after the start."),
        ({"capacity": "-5"}, "The number of places cannot be less than 0"),
        ({"online_url": "ftp//broken"}, "Enter the online link as a web address, like https://meet.example.org/abc"),
    ],
)
def test_a_bad_edit_is_refused_in_both_languages_and_saves_nothing(client, world, language, changes, message):
    event = make_event(world)
    before = _state()
    client.force_login(world.alice)
    client.cookies["coproduce_language"] = language
    response = client.post(reverse("events_staff:edit", args=[event.slug]), _edit_post(event, **changes))
    assert response.status_code == 400
    assert _state() == before
    with translation.override(language):
        assert translation.gettext(message) in response.content.decode()


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"release-opens_at": "2030-03-01T09:00", "release-places": "0"}, "A batch releases at least 1 place"),
        (
            {"release-opens_at": "soon", "release-places": "10"},
            "Enter a real date and time, for example 2027-03-14 10:30",
        ),
    ],
)
def test_a_bad_batch_of_places_is_refused(client, world, language, data, message):
    event = make_event(world)
    before = _state()
    client.force_login(world.alice)
    client.cookies["coproduce_language"] = language
    response = client.post(reverse("events_staff:edit", args=[event.slug]), {"form": "release", **data})
    assert response.status_code == 400
    assert _state() == before
    with translation.override(language):
        assert translation.gettext(message) in response.content.decode()


def test_a_batch_of_places_is_added(client, world):
    event = make_event(world, capacity=40)
    client.force_login(world.alice)
    opens = (timezone.now() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("events_staff:edit", args=[event.slug]),
        {"form": "release", "release-opens_at": opens, "release-places": "10"},
    )
    assert response.status_code == 302
    assert event.releases.get().places == 10
    assert event.places_open() == 0  # the only batch has not opened yet
    assert "10 places open" in client.get(reverse("events_staff:edit", args=[event.slug])).content.decode()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_room_needs_a_capacity_with_a_clear_message(client, world, language):
    event = make_event(world, "diwrnod", kind=Event.Kind.UNCONFERENCE)
    client.force_login(world.alice)
    client.cookies["coproduce_language"] = language
    response = client.post(
        reverse("events_staff:grid", args=[event.slug]), {"form": "room", "room-name": "Neuadd", "room-capacity": "0"}
    )
    assert response.status_code == 400 and not event.rooms.exists()
    with translation.override(language):
        assert translation.gettext("A room holds at least 1 person") in response.content.decode()


def test_events_missing_a_language_are_on_the_compliance_pages(client, world):
    english_only = make_event(world, "saesneg")
    Event.objects.filter(pk=english_only.pk).update(title_cy=None, place_cy=None)
    make_event(world, "cyflawn")  # both languages: not listed
    client.force_login(world.alice)
    html = client.get(reverse("staff:organisation_language_compliance", args=[world.org.slug])).content.decode()
    assert ">Events (1)" in html
    assert f'href="{reverse("events_staff:edit", args=["saesneg"])}"' in html
    assert reverse("events_staff:edit", args=["cyflawn"]) not in html
    html = client.get(reverse("staff:language_compliance", args=[world.public.slug])).content.decode()
    assert f'href="{reverse("events_staff:edit", args=["saesneg"])}"' in html


def test_the_organisations_events_page_costs_the_same_queries_however_many_events(client, world):
    client.force_login(world.alice)
    url = reverse("events_staff:organisation_events", args=[world.org.slug])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    make_event(world, "un")
    before = queries()
    for i in range(5):
        make_event(world, f"mwy-{i}")
    assert queries() == before


def test_the_action_refuses_another_organisations_engagement(world):
    event = make_event(world)
    other = world.other_private
    details = {name: getattr(event, name) for name in EDITABLE} | {"engagement": other}
    with pytest.raises(EventError):
        do_update_event(world.alice, event, {}, details)
