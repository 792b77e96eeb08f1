"""Acceptance (issue 19), at phone size (390×844), JavaScript on in English and off in Welsh, axe-core (WCAG 2.2
A/AA) finding nothing on any page and no page scrolling sideways:

alice, an organiser, creates the workshop from the staff area (an end before the start refused first, nothing saved);
pat registers for a full workshop and joins the waiting list (with an access need only organisers see); pitches a
session for the unconference day and shows interest in it (one click, a form button); alice, an organiser, builds
the grid and publishes it, and pat sees the session in it; pat, the host, notes a point from the session, and alice
makes it a statement in the engagement's conversation, marked as from an event session.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from coproduce.conversations.models import Statement
from coproduce.events.actions import do_add_room, do_add_slot, do_register
from coproduce.events.models import Event, Pitch, Registration
from tests.browser.support import PHONE, screenshot
from tests.browser.test_conversation_journey import Checker, Texts, submit
from tests.events.conftest import make_event

pytestmark = pytest.mark.browser

SESSION = {"en": "Buses to the evening clinic", "cy": "Bysiau i’r clinig gyda’r nos"}
POINT = {
    "en": "The last bus up the valley leaves before the evening clinic ends.",
    "cy": "Mae’r bws olaf i fyny’r cwm yn gadael cyn i’r clinig gyda’r nos orffen.",
}


def named(action: str, item: str) -> re.Pattern:
    """A button's accessible name "Action: <item>" (the item in a visually hidden span)."""
    return re.compile(rf"^{re.escape(action)} ?: {re.escape(item)}$")


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_register_pitch_show_interest_build_the_grid_and_a_note_becomes_a_statement(
    world, new_context, javascript, language
):
    t = Texts(language)
    run = f"{'js' if javascript else 'no-js'}-{language}"
    check = Checker(new_context, javascript)
    # alice creates the workshop in the staff area: a bad end time is refused, then the event is saved.
    alice = new_context(language=language, user=world.alice, javascript=javascript, viewport=PHONE, axe=True).new_page()
    alice.goto(reverse("events_staff:organisation_events", args=[world.org.slug]))
    with alice.expect_navigation():
        alice.get_by_role("link", name=t("Create an event")).click()
    day_after = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    for name, value in (("slug", "gweithdy"), ("title_en", "Clinic workshop"), ("title_cy", "Gweithdy’r clinig")):
        alice.locator(f"[name={name}]").fill(value)
    alice.locator("[name=starts_at]").fill(f"{day_after}T10:00")
    alice.locator("[name=ends_at]").fill(f"{day_after}T09:00")
    alice.locator("[name=capacity]").fill("1")
    submit(alice, alice.get_by_role("button", name=t("Create the event")))
    expect(alice.locator(".error-summary")).to_contain_text(t("The end must be after the start."))
    check(alice, f"create an event with an error ({run})")
    assert not Event.objects.exists()
    alice.locator("[name=ends_at]").fill(f"{day_after}T12:00")
    submit(alice, alice.get_by_role("button", name=t("Create the event")))
    expect(alice.get_by_text(t("The event is created."))).to_be_visible()
    check(alice, f"the event's edit page ({run})")
    screenshot(alice, f"events-created-{run}")
    workshop = Event.objects.get(slug="gweithdy")
    assert (workshop.title_cy, workshop.capacity) == ("Gweithdy’r clinig", 1)
    do_register(workshop, user=world.mo, name="Mo")
    day = make_event(world, "diwrnod", kind=Event.Kind.UNCONFERENCE, capacity=100)
    for name, capacity in (("Neuadd", 40), ("Ystafell 2", 10)):
        do_add_room(world.alice, day, name, capacity)
    for hour in (0, 1):
        start = day.starts_at + dt.timedelta(hours=hour)
        do_add_slot(world.alice, day, start, start + dt.timedelta(minutes=50))

    # pat registers for the full workshop: the waiting list.
    pat = new_context(language=language, user=world.pat, javascript=javascript, viewport=PHONE, axe=True).new_page()
    pat.goto(workshop.get_absolute_url())
    expect(pat.locator("html")).to_have_attribute("lang", language)
    check(pat, f"workshop ({run})")
    with pat.expect_navigation():
        pat.get_by_role("link", name=t("Join the waiting list")).click()
    expect(pat.get_by_role("heading", level=1)).to_have_text(t("Register"))
    pat.get_by_label(t("Your name")).fill("")
    submit(pat, pat.get_by_role("button", name=t("Register")))
    expect(pat.locator(".error-summary")).to_be_visible()
    check(pat, f"register with an error ({run})")
    assert not Registration.objects.filter(user=world.pat).exists()
    pat.get_by_label(t("Your name")).fill("Pat")
    pat.get_by_label(t("Access needs (optional)")).fill("Hearing loop, please")
    submit(pat, pat.get_by_role("button", name=t("Register")))
    expect(
        pat.get_by_text(t("The event is full: you are on the waiting list. You will get a place if one frees."))
    ).to_be_visible()
    check(pat, f"waiting list ({run})")
    screenshot(pat, f"events-waiting-list-{run}")
    assert Registration.objects.get(user=world.pat).status == Registration.Status.WAITING

    # pat pitches a session and shows interest in it.
    pat.goto(day.get_absolute_url())
    with pat.expect_navigation():
        pat.get_by_role("link", name=t("Pitch a session")).click()
    check(pat, f"pitch ({run})")
    pat.get_by_label(t("Session title")).fill(SESSION[language])
    submit(pat, pat.get_by_role("button", name=t("Pitch the session")))
    expect(pat.get_by_text(t("Your session is pitched. People can now show interest in it."))).to_be_visible()
    submit(pat, pat.get_by_role("button", name=named(t("I’m interested"), SESSION[language])))
    expect(pat.get_by_text(t("Interest noted: %(title)s", title=SESSION[language]))).to_be_visible()
    expect(pat.get_by_role("button", name=named(t("Interested ✓ (take back)"), SESSION[language]))).to_be_visible()
    pat.goto(day.get_absolute_url())  # the answer's address ends in #pitch-…, which the checker cannot route
    check(pat, f"the day with a pitch ({run})")
    screenshot(pat, f"events-pitches-{run}")
    pitch = Pitch.objects.get(event=day)
    assert pitch.interests.filter(user=world.pat).exists()

    # alice builds the grid and publishes it.
    alice.goto(day.get_absolute_url())
    with alice.expect_navigation():
        alice.get_by_role("link", name=t("Build the grid")).click()
    check(alice, f"build the grid ({run})")
    submit(alice, alice.get_by_role("button", name=t("Build the grid")))
    expect(alice.locator(".notification, .message, [role=status], [role=alert]").first).to_be_visible()
    submit(alice, alice.get_by_role("button", name=t("Publish the grid")))
    expect(alice.get_by_text(t("The grid is published."))).to_be_visible()
    check(alice, f"grid built ({run})")
    screenshot(alice, f"events-staff-grid-{run}")
    pitch.refresh_from_db()
    assert pitch.slot is not None and pitch.room is not None and pitch.room.name == "Neuadd"

    pat.goto(day.get_absolute_url())
    with pat.expect_navigation():
        pat.get_by_role("link", name=t("See the grid")).click()
    expect(pat.get_by_text(SESSION[language])).to_be_visible()
    check(pat, f"the grid ({run})")
    screenshot(pat, f"events-grid-{run}")

    # pat, the host, notes a point; alice makes it a statement.
    pat.goto(f"/sessions/{pitch.pk}/notes/")
    pat.get_by_label(t("A point from the session")).fill(POINT[language])
    pat.get_by_label(t("Language"), exact=True).select_option(language)
    submit(pat, pat.get_by_role("button", name=t("Add the point")))
    expect(pat.get_by_text(t("The point is added to the session’s notes."))).to_be_visible()
    check(pat, f"notes ({run})")
    alice.goto(f"/sessions/{pitch.pk}/notes/")
    submit(alice, alice.get_by_role("button", name=named(t("Make it a statement"), POINT[language])))
    expect(alice.get_by_text(t("The point is now a statement in the engagement’s conversation."))).to_be_visible()
    check(alice, f"note made a statement ({run})")
    screenshot(alice, f"events-note-statement-{run}")
    statement = Statement.objects.get(text=POINT[language])
    assert statement.origin == Statement.Origin.EVENT and statement.language == language


@pytest.mark.parametrize(("language", "javascript"), [("en", True), ("cy", False)], ids=["js-en", "no-js-cy"])
def test_a_facilitator_creates_and_cancels_an_event_from_the_staff_area_on_a_phone(
    world, new_context, javascript, language
):
    """fran, a facilitator of the engagement (not an organisation admin), finds "Events" in the engagement's staff
    navigation, creates an event linked to it, moves between its organisers' pages with the staff navigation still
    there (its "Events" the current page), and cancels it: pat, registered, is told, and the page says so."""
    t = Texts(language)
    run = f"{'js' if javascript else 'no-js'}-{language}"
    check = Checker(new_context, javascript)
    fran = new_context(language=language, user=world.fran, javascript=javascript, viewport=PHONE, axe=True).new_page()
    fran.goto(reverse("staff:engagement", args=[world.public.slug]))
    staff_nav = fran.get_by_role("navigation", name=t("Staff area"))
    with fran.expect_navigation():
        staff_nav.get_by_role("link", name=t("Events"), exact=True).click()
    check(fran, f"the engagement's events ({run})")
    with fran.expect_navigation():
        fran.get_by_role("link", name=t("Create an event")).click()
    day_after = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    for name, value in (("slug", "galw-heibio"), ("title_en", "Drop-in at the clinic"), ("title_cy", "Galw heibio")):
        fran.locator(f"[name={name}]").fill(value)
    fran.locator("[name=starts_at]").fill(f"{day_after}T10:00")
    fran.locator("[name=ends_at]").fill(f"{day_after}T12:00")
    fran.locator("[name=capacity]").fill("10")
    check(fran, f"create an event for the engagement ({run})")
    submit(fran, fran.get_by_role("button", name=t("Create the event")))
    expect(fran.get_by_text(t("The event is created."))).to_be_visible()
    event = Event.objects.get(slug="galw-heibio")
    assert event.engagement == world.public
    do_register(event, user=world.pat, name="Pat")
    for link in ("Registrations and check-in", "Details"):
        with fran.expect_navigation():
            fran.get_by_role("navigation", name=t("This event")).get_by_role("link", name=t(link)).click()
        nav = fran.get_by_role("navigation", name=t("Staff area"))
        expect(nav.locator('[aria-current="page"]')).to_have_text(t("Events"))
        check(fran, f"{link} ({run})")
    screenshot(fran, f"events-staff-nav-{run}")
    with fran.expect_navigation():
        fran.get_by_role("navigation", name=t("This event")).get_by_role("link", name=t("Cancel the event")).click()
    check(fran, f"cancel the event? ({run})")
    submit(fran, fran.get_by_role("button", name=t("Yes, cancel the event")))
    expect(fran.locator(".notification").first).to_be_visible()
    assert Event.objects.get(pk=event.pk).cancelled
    fran.goto(event.get_absolute_url())
    expect(fran.get_by_text(t("This event is cancelled."))).to_be_visible()
    check(fran, f"a cancelled event ({run})")
    screenshot(fran, f"events-cancelled-{run}")
