"""Events: workshops, drop-ins and unconference days, from registration to the session grid to what was said.

An event belongs to an organisation and may be linked to one of its engagements or to a network. People register
(capacity, a waiting list promoted automatically when a place frees, places released in batches at set times); what
they tell organisers about access and diet is seen by organisers only. On an unconference day people pitch sessions
and mark interest; the organisers set rooms and time slots and the scheduler (scheduler.py) builds the grid; notes
from a session can become statements in the linked engagement's conversation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.conversations.models import Statement
from coproduce.engagements.models import Engagement, Organisation
from coproduce.networks.models import Network

# Named in the page's language (as conversations' LANGUAGE_CHOICES): a Welsh page says "Saesneg", not "English".
LANGUAGES = [("en", _("English")), ("cy", _("Welsh"))]


class Event(models.Model):
    """A workshop, drop-in or unconference day, in a place (with its accessibility) and/or online."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        DROP_IN = "drop_in", _("Drop-in")
        UNCONFERENCE = "unconference", _("Unconference day")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="events")
    engagement = models.ForeignKey(Engagement, on_delete=models.SET_NULL, null=True, blank=True, related_name="events")
    network = models.ForeignKey(Network, on_delete=models.SET_NULL, null=True, blank=True, related_name="events")
    slug = models.SlugField(_("short name for web addresses"), max_length=80, unique=True)
    kind = models.CharField(_("kind of event"), max_length=12, choices=Kind.choices, default=Kind.WORKSHOP)
    # Translated through django-modeltranslation (title_en, title_cy, …): see translation.py.
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    access_information = models.TextField(_("more about access"), max_length=2000, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    online_url = models.URLField(_("online link"), blank=True)
    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    quiet_room = models.BooleanField(_("quiet room"), default=False)
    welsh_provision = models.BooleanField(_("Welsh-language provision"), default=False)
    capacity = models.PositiveIntegerField(_("places"), default=30)
    published = models.BooleanField(_("published"), default=False)
    grid_published_at = models.DateTimeField(null=True, blank=True)
    # Cancelled by its organisers: the page and the calendar files say so, registration closes, the people registered
    # were told (actions.do_cancel_event). The event stays so that its address and calendar entries do not break.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.slug])

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    def places_open(self, now=None) -> int:
        """Places open to registration now: every place, or those released so far when places come in batches."""
        now = now or timezone.now()
        releases = list(self.releases.all())
        if not releases:
            return self.capacity
        return min(self.capacity, sum(r.places for r in releases if r.opens_at <= now))


class PlaceRelease(models.Model):
    """A batch of places that opens at a set time (as GovCamp Cymru releases its tickets)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="releases")
    opens_at = models.DateTimeField(_("opens"))
    places = models.PositiveIntegerField(_("places"))

    class Meta:
        ordering = ["opens_at", "pk"]


class Registration(models.Model):
    """Someone coming (or waiting for a place). Access and dietary needs are for the organisers only."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Place confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="event_registrations"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email address"), blank=True)
    language = models.CharField(_("language you prefer"), max_length=2, choices=LANGUAGES, default="en")
    access_needs = models.TextField(_("access needs"), max_length=2000, blank=True)
    dietary_needs = models.TextField(_("dietary needs"), max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, db_index=True)
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_in_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(user__isnull=False) & ~Q(status="cancelled"),
                name="registration_once_per_person",
            )
        ]


class Room(models.Model):
    """A room on an unconference day, with how many people it holds."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("room"), max_length=100)
    capacity = models.PositiveIntegerField(_("people it holds"))

    class Meta:
        ordering = ["-capacity", "pk"]


class Slot(models.Model):
    """A time slot on an unconference day."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["starts_at", "pk"]


class Pitch(models.Model):
    """A session someone pitched: a title, a line, a host; placed in the grid (slot, room) by the scheduler or pinned
    there by an organiser."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="pitches")
    title = models.CharField(_("title"), max_length=150)
    summary = models.CharField(_("in a line"), max_length=300, blank=True)
    host_name = models.CharField(_("host"), max_length=120)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="event_pitches"
    )
    language = models.CharField(max_length=2, choices=LANGUAGES, default="en")
    slot = models.ForeignKey(Slot, on_delete=models.SET_NULL, null=True, blank=True, related_name="pitches")
    room = models.ForeignKey(Room, on_delete=models.SET_NULL, null=True, blank=True, related_name="pitches")
    pinned = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "room"], name="pitch_one_per_place"),
        ]

    def __str__(self) -> str:
        return self.title


class Interest(models.Model):
    """Someone would like to go to a pitched session."""

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="interests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_interests")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pitch", "user"], name="interest_once")]


class SessionNote(models.Model):
    """A point from a session, by its host or a note-taker; it may become a statement in the linked engagement's
    conversation (marked "from an event session")."""

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="event_notes"
    )
    text = models.CharField(_("point"), max_length=400)
    language = models.CharField(max_length=2, choices=LANGUAGES, default="en")
    statement = models.ForeignKey(Statement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
