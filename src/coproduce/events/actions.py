"""Every change to events, registrations, pitches, interest, the grid and session notes (docs/adding-an-app.md, step 2).

Registration takes the event's row lock (`select_for_update`) before counting places, so that two people taking the
last place at the same moment get one place and one waiting-list entry, never two places. A place that frees (a
cancellation, a batch of places released, more capacity) goes to the first on the waiting list at once.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from coproduce.conversations.access import conversation_of
from coproduce.conversations.actions import DuplicateStatement, do_write_statement  # noqa: F401 (callers catch it)
from coproduce.conversations.models import Statement
from coproduce.core.bilingual import Texts, columns_of, update
from coproduce.engagements.actions import audit
from coproduce.events import notify, scheduler
from coproduce.events.models import Event, Interest, Pitch, PlaceRelease, Registration, Room, SessionNote, Slot
from coproduce.notifications.actions import do_subscribe, queue_notices
from coproduce.notifications.models import Frequency
from coproduce.notifications.topics import Subscriber


class EventError(Exception):
    """Input an action refuses; views turn it into a message."""


class AlreadyRegistered(EventError):
    pass


class NoConversation(EventError):
    """The event is linked to no engagement with a conversation: a note has nowhere to go."""


class GridError(EventError):
    pass


class EventCancelled(EventError):
    """The event is cancelled: nobody registers, pitches or is promoted from the waiting list any more."""


class PeopleToTell(EventError):
    """An event with people registered is cancelled first (which tells them), then deleted."""


class StillTelling(EventError):
    """The emails telling people of the cancellation are not all sent yet: deleting now would drop them."""


def _audit(actor, event: Event, action: str, **details) -> None:
    audit(actor, event.organisation, action, event.engagement, event=event.pk, **details)


@transaction.atomic
def do_create_event(
    actor,
    organisation,
    *,
    slug: str,
    title: str | Texts,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    kind: str = str(Event.Kind.WORKSHOP),
    description: str | Texts = "",
    place: str | Texts = "",
    access_information: str | Texts = "",
    engagement=None,
    network=None,
    capacity: int = 30,
    published: bool = True,
    **details,
) -> Event:
    event = Event.objects.create(
        organisation=organisation,
        engagement=engagement,
        network=network,
        slug=slug,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        published=published,
        **columns_of(title=title, description=description, place=place, access_information=access_information),
        **details,
    )
    _audit(actor, event, "events.event_created", capacity=capacity)
    return event


#: An event's plain fields organisers may change on its edit page (its texts go through core.bilingual).
EDITABLE = (
    "kind",
    "starts_at",
    "ends_at",
    "online_url",
    "capacity",
    "engagement",
    "network",
    "published",
    "step_free",
    "hearing_loop",
    "quiet_room",
    "welsh_provision",
)


@transaction.atomic
def do_update_event(actor, event: Event, texts: dict[str, Texts], details: dict) -> Event:
    """An organiser edits an event. More places promote the waiting list at once; fewer places take no confirmed
    place away (those over the new number keep theirs, and nobody new is confirmed until they fit again)."""
    if details["ends_at"] <= details["starts_at"] or details["capacity"] < 0:
        raise EventError("invalid event")
    engagement = details["engagement"]
    if engagement is not None and engagement.organisation_id != event.organisation_id:
        raise EventError("the engagement is another organisation's")
    event = _locked(event)
    changed = sorted(name for name in EDITABLE if getattr(event, name) != details[name])
    for name in EDITABLE:
        setattr(event, name, details[name])
    columns, languages = update(event, **texts)
    event.save(update_fields=[*EDITABLE, *columns])
    promoted = _promote(event)
    _audit(actor, event, "events.event_updated", changed=changed, languages=languages, promoted=promoted)
    return event


def _active(event: Event):
    """The registrations that still count: places confirmed and the waiting list."""
    return event.registrations.exclude(status=Registration.Status.CANCELLED)


@transaction.atomic
def do_cancel_event(actor, event: Event) -> dict[str, int]:
    """The organisers cancel the event. Everyone registered with an account (a place or on the waiting list) is told
    by email through the notifications app; those registered for by an organiser without an account are counted, for
    the organisers to tell themselves (their names stay on the registrations page). The event stays, marked
    cancelled: its page and calendar files say so (a calendar that has it shows it cancelled), registration, pitching
    and interest close, the waiting list is no longer promoted and no reminder goes. Cancelling twice does nothing."""
    event = _locked(event)
    if event.cancelled_at is not None:
        return {"told": 0, "to_tell": 0}
    event.cancelled_at = timezone.now()
    event.save(update_fields=["cancelled_at"])
    people = list(_active(event).filter(user__isnull=False).values_list("user", flat=True))
    told = queue_notices(
        notify.topic_of(event), notify.cancelled_item(event), subscribers=[Subscriber.user(u).key for u in people]
    )
    to_tell = _active(event).count() - told
    _audit(actor, event, "events.event_cancelled", told=told, to_tell=to_tell)
    return {"told": told, "to_tell": to_tell}


@transaction.atomic
def do_delete_event(actor, event: Event) -> None:
    """Delete the event with everything that is only its own: registrations, batches of places, rooms, slots,
    pitches, interest, session notes (statements made from notes stay in the conversation: they are the
    conversation's now), and the email subscriptions to it. Raises PeopleToTell when people are registered and the
    event is not cancelled (cancelling tells them), and StillTelling while the cancellation emails are being sent."""
    from coproduce.notifications.models import Notice, Subscription

    event = _locked(event)
    topic = notify.topic_of(event)
    if event.cancelled_at is None and _active(event).exists():
        raise PeopleToTell
    if Notice.objects.filter(subscription__topic=topic, sent_at__isnull=True).exists():
        raise StillTelling
    registrations = event.registrations.count()
    subscriptions = Subscription.objects.filter(topic=topic).count()
    Subscription.objects.filter(topic=topic).delete()  # their notices go with them
    _audit(actor, event, "events.event_deleted", registrations=registrations, subscriptions=subscriptions)
    Event.objects.filter(pk=event.pk).delete()


def _promote(event: Event, now: dt.datetime | None = None) -> int:
    """Give free places to the waiting list, first come first served. Call with the event's row locked."""
    if event.cancelled_at is not None:
        return 0
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    free = event.places_open(now) - confirmed
    if free <= 0:
        return 0
    waiting = list(event.registrations.filter(status=Registration.Status.WAITING).order_by("created_at", "pk")[:free])
    Registration.objects.filter(pk__in=[r.pk for r in waiting]).update(status=Registration.Status.CONFIRMED)
    for registration in waiting:  # "a place has freed for you": one notice each, to that person only
        if registration.user_id:
            queue_notices(
                notify.topic_of(event),
                notify.registration_item(registration, str(Registration.Status.CONFIRMED)),
                subscribers=[Subscriber.user(registration.user_id).key],
            )
    return len(waiting)


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def do_register(
    event: Event,
    *,
    user=None,
    name: str,
    email: str = "",
    language: str = "en",
    access_needs: str = "",
    dietary_needs: str = "",
    assisted_by=None,
) -> Registration:
    """A place if one is open, else a place on the waiting list. Raises AlreadyRegistered."""
    event = _locked(event)
    if event.cancelled_at is not None:
        raise EventCancelled
    if (
        user is not None
        and event.registrations.filter(user=user).exclude(status=Registration.Status.CANCELLED).exists()
    ):
        raise AlreadyRegistered
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    waiting = event.registrations.filter(status=Registration.Status.WAITING).exists()
    status = (
        Registration.Status.CONFIRMED
        if confirmed < event.places_open() and not waiting
        else Registration.Status.WAITING
    )
    registration = Registration.objects.create(
        event=event,
        user=user,
        name=" ".join(name.split()),
        email=email,
        language=language,
        access_needs=access_needs.strip(),
        dietary_needs=dietary_needs.strip(),
        status=status,
        assisted_by=assisted_by,
    )
    if user is not None and user.email:
        # The confirmation (or waiting-list) email, through the notifications app: the account's address is
        # verified, so it needs no confirming link; every email has the one-click unsubscribe.
        do_subscribe(
            notify.topic_of(event),
            Subscriber.user(user.pk),
            email=user.email,
            language=language,
            frequency=Frequency.IMMEDIATE,
            verified=True,
        )
        queue_notices(
            notify.topic_of(event), notify.registration_item(registration), subscribers=[Subscriber.user(user.pk).key]
        )
    _audit(
        assisted_by or user,
        event,
        "events.registered",
        registration=registration.pk,
        waiting=status == Registration.Status.WAITING,
        assisted=assisted_by is not None,
    )
    return registration


@transaction.atomic
def do_cancel_registration(actor, registration: Registration) -> int:
    """Cancel; the place goes to the first on the waiting list. Returns how many were promoted."""
    event = _locked(registration.event)
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.CANCELLED)
    promoted = _promote(event)
    _audit(actor, event, "events.registration_cancelled", registration=registration.pk, promoted=promoted)
    return promoted


@transaction.atomic
def do_release_places(actor, event: Event, opens_at: dt.datetime, places: int) -> PlaceRelease:
    """A batch of places opening at a set time (now or later); the waiting list is promoted as places open."""
    event = _locked(event)
    release = PlaceRelease.objects.create(event=event, opens_at=opens_at, places=places)
    promoted = _promote(event)
    _audit(actor, event, "events.places_released", places=places, promoted=promoted)
    return release


def do_open_released_places(now: dt.datetime | None = None) -> int:
    """For the beat schedule: promote the waiting lists of events whose batches of places have opened."""
    promoted = 0
    now = now or timezone.now()
    for pk in (
        PlaceRelease.objects.filter(opens_at__lte=now, event__registrations__status=Registration.Status.WAITING)
        .values_list("event", flat=True)
        .distinct()
    ):
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=pk)
            count = _promote(event, now)
            if count:
                _audit(None, event, "events.waiting_list_promoted", promoted=count)
            promoted += count
    return promoted


def do_send_reminders(now: dt.datetime | None = None) -> int:
    """For the beat schedule: the reminder the day before, to everyone with a place (once per event)."""
    now = now or timezone.now()
    sent = 0
    upcoming = Event.objects.filter(
        published=True, cancelled_at__isnull=True, starts_at__gt=now, starts_at__lte=now + dt.timedelta(days=1)
    ).order_by("pk")
    for event in upcoming:
        with transaction.atomic():
            people = list(
                event.registrations.filter(status=Registration.Status.CONFIRMED, user__isnull=False).values_list(
                    "user", flat=True
                )
            )
            count = queue_notices(
                notify.topic_of(event),
                notify.reminder_item(event),
                subscribers=[Subscriber.user(u).key for u in people],
            )
            if count:
                _audit(None, event, "events.reminders_queued", count=count)
            sent += count
    return sent


@transaction.atomic
def do_check_in(actor, registration: Registration) -> None:
    Registration.objects.filter(pk=registration.pk, checked_in_at__isnull=True).update(checked_in_at=timezone.now())
    _audit(actor, registration.event, "events.checked_in", registration=registration.pk)


# Unconference mode ----------------------------------------------------------------------------------------------


@transaction.atomic
def do_add_room(actor, event: Event, name: str, capacity: int) -> Room:
    room = Room.objects.create(event=event, name=" ".join(name.split()), capacity=capacity)
    _audit(actor, event, "events.room_added", room=room.pk, capacity=capacity)
    return room


@transaction.atomic
def do_add_slot(actor, event: Event, starts_at: dt.datetime, ends_at: dt.datetime) -> Slot:
    slot = Slot.objects.create(event=event, starts_at=starts_at, ends_at=ends_at)
    _audit(actor, event, "events.slot_added", slot=slot.pk)
    return slot


@transaction.atomic
def do_pitch(event: Event, user, *, title: str, summary: str = "", host_name: str = "", language: str = "en") -> Pitch:
    pitch = Pitch.objects.create(
        event=event,
        host=user,
        title=" ".join(title.split()),
        summary=" ".join(summary.split()),
        host_name=" ".join(host_name.split()) or getattr(user, "display_name", "") or "",
        language=language,
    )
    _audit(user, event, "events.pitched", pitch=pitch.pk)
    return pitch


@transaction.atomic
def do_toggle_interest(pitch: Pitch, user) -> bool:
    """Mark interest, or take it back; returns whether the person is now interested."""
    deleted, _ = Interest.objects.filter(pitch=pitch, user=user).delete()
    if not deleted:
        Interest.objects.get_or_create(pitch=pitch, user=user)
    _audit(user, pitch.event, "events.interest_marked", pitch=pitch.pk, interested=not deleted)
    return not deleted


@transaction.atomic
def do_pin(actor, pitch: Pitch, slot: Slot | None, room: Room | None) -> None:
    """Pin a session to a place (another session there is moved out), or unpin it (slot and room None)."""
    if slot is None or room is None:
        Pitch.objects.filter(pk=pitch.pk).update(pinned=False)
    else:
        Pitch.objects.filter(slot=slot, room=room).exclude(pk=pitch.pk).update(slot=None, room=None, pinned=False)
        Pitch.objects.filter(pk=pitch.pk).update(slot=slot, room=room, pinned=True)
    _audit(actor, pitch.event, "events.pinned", pitch=pitch.pk, pinned=slot is not None)


@transaction.atomic
def do_build_grid(actor, event: Event, *, time_limit: float = scheduler.DEFAULT_TIME_LIMIT) -> scheduler.Grid:
    """Run the scheduler on the event's pitches, rooms and slots, keeping the pins; the grid is not public until
    published. Raises GridError when there are no rooms or slots, or the pins contradict each other."""
    event = _locked(event)
    rooms = list(event.rooms.all())
    slots = list(event.slots.all())
    if not rooms or not slots:
        raise GridError("rooms and slots first")
    pitches = list(event.pitches.all())
    interested: dict[int, set[int]] = {p.pk: set() for p in pitches}
    for pitch_id, user_id in Interest.objects.filter(pitch__event=event).values_list("pitch", "user"):
        interested[pitch_id].add(user_id)
    sessions = [
        scheduler.Session(
            key=p.pk,
            hosts=frozenset({p.host_id} if p.host_id else {f"pitch-{p.pk}"}),
            interested=frozenset(interested[p.pk]),
            pinned=(p.slot_id, p.room_id) if p.pinned and p.slot_id and p.room_id else None,
        )
        for p in pitches
    ]
    try:
        grid = scheduler.schedule(
            sessions, [scheduler.Room(r.pk, r.capacity) for r in rooms], [s.pk for s in slots], time_limit=time_limit
        )
    except scheduler.ScheduleError as error:
        raise GridError(str(error)) from error
    by_id = {p.pk: p for p in pitches}
    for pitch in pitches:
        pitch.slot_id, pitch.room_id = None, None
    Pitch.objects.filter(event=event).update(slot=None, room=None)
    for key, (slot_id, room_id) in grid.placements.items():
        by_id[key].slot_id, by_id[key].room_id = slot_id, room_id
    Pitch.objects.bulk_update(pitches, ["slot", "room"])
    _audit(
        actor,
        event,
        "events.grid_built",
        scheduled=grid.measures.scheduled,
        unscheduled=grid.measures.unscheduled,
        clashes=grid.measures.clashes,
        method=grid.method,
    )
    return grid


@transaction.atomic
def do_publish_grid(actor, event: Event, published: bool = True) -> None:
    Event.objects.filter(pk=event.pk).update(grid_published_at=timezone.now() if published else None)
    _audit(actor, event, "events.grid_published", published=published)


# What was said --------------------------------------------------------------------------------------------------


@transaction.atomic
def do_add_note(pitch: Pitch, author, text: str, language: str = "en") -> SessionNote:
    note = SessionNote.objects.create(pitch=pitch, author=author, text=" ".join(text.split()), language=language)
    _audit(author, pitch.event, "events.note_added", pitch=pitch.pk, note=note.pk)
    return note


@transaction.atomic
def do_note_to_statement(actor, note: SessionNote) -> Statement:
    """The note becomes a statement in the linked engagement's conversation, marked "from an event session".
    Raises NoConversation, or DuplicateStatement when the conversation has these words already."""
    event = note.pitch.event
    if event.engagement is None:
        raise NoConversation
    conversation = conversation_of(event.engagement)
    if note.statement_id:
        return note.statement
    statement = do_write_statement(
        conversation, note.text, author=None, origin=str(Statement.Origin.EVENT), actor=actor, language=note.language
    )
    SessionNote.objects.filter(pk=note.pk).update(statement=statement)
    note.statement = statement
    _audit(actor, event, "events.note_became_statement", note=note.pk, statement=statement.pk)
    return statement


@transaction.atomic
def do_forget_person(actor, user_id: int) -> dict[str, int]:
    """Erase a person's part in events: registrations and interest go (places freed go to the waiting lists); their
    pitches and notes stay, without their name."""
    events = list(
        Event.objects.filter(registrations__user_id=user_id, registrations__status=Registration.Status.CONFIRMED)
        .distinct()
        .values_list("pk", flat=True)
    )
    registrations, _ = Registration.objects.filter(user_id=user_id).delete()
    interests, _ = Interest.objects.filter(user_id=user_id).delete()
    pitches = Pitch.objects.filter(host_id=user_id).update(host=None, host_name="")
    notes = SessionNote.objects.filter(author_id=user_id).update(author=None)
    for event in Event.objects.filter(pk__in=events).select_for_update():
        _promote(event)
    counts = {"registrations": registrations, "interests": interests, "pitches": pitches, "notes": notes}
    audit(actor, None, "events.person_forgotten", **counts)
    return counts


@transaction.atomic
def do_add_demo_attendees(actor, organisation, people: list[tuple[str, str]]) -> list:
    """The demo's attendees (`coproduce demo` only): accounts without a password, made once by address."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    existing = {u.email: u for u in User.objects.filter(email__in=[email for email, _name in people])}
    made = []
    for email, name in people:
        if email not in existing:
            user = User(email=email, display_name=name)
            user.set_unusable_password()
            made.append(user)
    User.objects.bulk_create(made)
    audit(actor, organisation, "events.demo_attendees_added", count=len(made))
    found = {u.email: u for u in User.objects.filter(email__in=[email for email, _name in people])}
    return [found[email] for email, _name in people]
