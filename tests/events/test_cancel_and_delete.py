"""Organisers cancel or delete an event (issue 19): the people registered are told through the notifications app, the
page and the calendar files say it is cancelled, nothing is left behind; and an engagement's managers create events
linked to their engagement, each role getting what its permission says."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.conversations.models import Statement
from coproduce.engagements.models import AuditEvent
from coproduce.events.actions import (
    EventCancelled,
    PeopleToTell,
    StillTelling,
    do_add_note,
    do_cancel_event,
    do_cancel_registration,
    do_delete_event,
    do_note_to_statement,
    do_pitch,
    do_register,
    do_send_reminders,
)
from coproduce.events.models import Event, Pitch, Registration, SessionNote
from coproduce.notifications.models import Notice, Subscription

from .test_permission_matrix import EVENT_POST

pytestmark = pytest.mark.django_db


def test_cancelling_tells_everyone_registered_and_closes_the_event(events, django_capture_on_commit_callbacks, client):
    w = events
    with django_capture_on_commit_callbacks(execute=True):
        do_register(w.workshop, user=w.pat, name="Pat")
        do_register(w.workshop, user=w.mo, name="Mo")
        waiting = do_register(w.workshop, user=w.erin, name="Erin", language="cy")
        do_register(w.workshop, name="Someone at the door", assisted_by=w.alice)  # no account: no email
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = do_cancel_event(w.alice, w.workshop)
    assert done == {"told": 3, "to_tell": 1}
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == sorted([w.pat.email, w.mo.email, w.erin.email])  # the waiting list too
    assert by_address[w.pat.email].subject == "Cancelled: Clinic workshop"
    assert "is cancelled" in by_address[w.pat.email].body and "event.ics" not in by_address[w.pat.email].body
    assert "Wedi’i ganslo" in by_address[w.erin.email].subject  # in Welsh, the language she chose
    event = Event.objects.get(pk=w.workshop.pk)
    assert event.cancelled
    audit = AuditEvent.objects.filter(action="events.event_cancelled").get()
    assert audit.details == {"event": event.pk, "told": 3, "to_tell": 1}

    # Closed: nobody registers, nobody is promoted, no reminder; cancelling again does nothing.
    with pytest.raises(EventCancelled):
        do_register(event, user=w.sam, name="Sam")
    assert do_cancel_registration(w.pat, Registration.objects.get(event=event, user=w.pat)) == 0
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.WAITING
    assert do_send_reminders(event.starts_at - dt.timedelta(hours=20)) == 0
    assert do_cancel_event(w.alice, event) == {"told": 0, "to_tell": 0}
    assert AuditEvent.objects.filter(action="events.event_cancelled").count() == 1

    # The page and the calendar files say so.
    page = client.get(event.get_absolute_url()).content.decode()
    assert "This event is cancelled." in page and reverse("events:register", args=[event.slug]) not in page
    ics = client.get(reverse("events:ical", args=[event.slug])).content.decode()
    assert "STATUS:CANCELLED" in ics and "SEQUENCE:1" in ics
    feed = client.get(reverse("events:feed", args=[w.org.slug])).content.decode()
    assert feed.count("STATUS:CANCELLED") == 1  # the other event is not cancelled
    client.force_login(w.sam)
    client.post(reverse("events:register", args=[event.slug]), {"name": "Sam", "language": "en"})
    assert not Registration.objects.filter(event=event, user=w.sam).exists()


def test_an_organiser_cancels_from_the_staff_pages(events, client, django_capture_on_commit_callbacks):
    w = events
    do_register(w.workshop, user=w.pat, name="Pat")
    client.force_login(w.fran)  # the linked engagement's facilitator
    url = reverse("events_staff:cancel", args=[w.workshop.slug])
    page = client.get(url).content.decode()
    assert "1 person is registered" in page and 'class="staff-nav"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "1 person registered is being told by email" in response.content.decode()
    assert Event.objects.get(pk=w.workshop.pk).cancelled and [m.to[0] for m in mail.outbox][-1] == w.pat.email


def test_deleting_refuses_while_people_are_untold_and_leaves_nothing_behind(events, django_capture_on_commit_callbacks):
    w = events
    pitch = do_pitch(w.workshop, w.pat, title="Transport")
    note = do_add_note(pitch, w.pat, "The last bus leaves before the clinic ends.")
    statement = do_note_to_statement(w.alice, note)
    do_register(w.workshop, user=w.pat, name="Pat")
    with pytest.raises(PeopleToTell):
        do_delete_event(w.alice, w.workshop)
    do_cancel_event(w.alice, w.workshop)  # no commit callbacks run: the cancellation email is not sent yet
    with pytest.raises(StillTelling):
        do_delete_event(w.alice, w.workshop)
    assert Event.objects.filter(pk=w.workshop.pk).exists()
    Notice.objects.update(sent_at=w.workshop.starts_at)  # as the mail task does once it is sent
    topic = f"event:{w.workshop.pk}"
    assert Subscription.objects.filter(topic=topic).exists()
    do_delete_event(w.alice, w.workshop)
    assert not Event.objects.filter(pk=w.workshop.pk).exists()
    assert not Registration.objects.filter(event_id=w.workshop.pk).exists()
    assert not Pitch.objects.filter(pk=pitch.pk).exists() and not SessionNote.objects.filter(pk=note.pk).exists()
    assert not Subscription.objects.filter(topic=topic).exists()  # and their notices with them
    assert Statement.objects.filter(pk=statement.pk).exists()  # the conversation's now
    audit = AuditEvent.objects.filter(action="events.event_deleted").get()
    assert audit.details == {"event": w.workshop.pk, "registrations": 1, "subscriptions": 1}
    # An event nobody registered for goes at once.
    do_delete_event(w.alice, w.day)
    assert not Event.objects.filter(pk=w.day.pk).exists()


def test_a_refused_delete_saves_nothing_and_says_why(events, client):
    w = events
    do_register(w.workshop, user=w.pat, name="Pat")
    client.force_login(w.alice)
    url = reverse("events_staff:delete", args=[w.workshop.slug])
    assert "cancel the event first" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "cancel the event first" in response.content.decode()
    assert Event.objects.filter(pk=w.workshop.pk).exists()


@pytest.mark.parametrize(
    ("persona", "may"),
    [("fran", True), ("alice", True), ("sam", False), ("mo", False), ("erin", False), ("pat", False), ("olly", False)],
)
def test_who_creates_an_event_linked_to_an_engagement(world, client, persona, may):
    """Its managers (a facilitator of the engagement, the organisation's admin); not a spokesperson, mentor, expert,
    participant or another organisation's admin. Only admins create the organisation's events from its page."""
    client.force_login(getattr(world, persona))
    new = reverse("events_staff:engagement_new", args=[world.public.slug])
    response = client.post(new, {k: v for k, v in EVENT_POST.items() if k != "form"})
    created = Event.objects.filter(slug=EVENT_POST["slug"]).first()
    if may:
        assert response.status_code == 302 and created is not None and created.engagement == world.public
        assert client.get(reverse("events_staff:engagement_events", args=[world.public.slug])).status_code == 200
    else:
        assert response.status_code == 403 and created is None
    org_new = client.get(reverse("events_staff:new", args=[world.org.slug]))
    assert org_new.status_code == (200 if persona == "alice" else 403)


def test_a_facilitator_cannot_move_their_event_to_another_engagement(events, client):
    w = events
    client.force_login(w.fran)
    page = client.get(reverse("events_staff:engagement_new", args=[w.public.slug])).content.decode()
    assert 'name="engagement"' not in page
    edit = reverse("events_staff:edit", args=[w.workshop.slug])
    assert 'name="engagement"' not in client.get(edit).content.decode()
    post = {**EVENT_POST, "slug": "", "engagement": w.private.pk}
    assert client.post(edit, post).status_code == 302
    assert Event.objects.get(pk=w.workshop.pk).engagement == w.public
    client.force_login(w.alice)  # the organisation's admin may
    assert 'name="engagement"' in client.get(edit).content.decode()
    client.post(edit, {**EVENT_POST, "slug": "", "engagement": w.private.pk})
    assert Event.objects.get(pk=w.workshop.pk).engagement == w.private


def test_the_staff_navigation_on_the_event_pages(events, client):
    w = events
    client.force_login(w.fran)
    engagement_events = reverse("events_staff:engagement_events", args=[w.public.slug])
    for name in ("edit", "manage", "grid", "cancel", "delete"):
        page = client.get(reverse(f"events_staff:{name}", args=[w.day.slug])).content.decode()
        assert 'class="staff-nav"' in page, name
        assert f'href="{engagement_events}" aria-current="page"' in page, name  # the engagement's "Events"
    dashboard = client.get(engagement_events).content.decode()
    assert "Clinic workshop" in dashboard and reverse("events_staff:engagement_new", args=[w.public.slug]) in dashboard
