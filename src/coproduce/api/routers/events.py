"""Events, their sessions and the published grid, as open data (issue 19; docs/decisions/0018-events-and-scheduler.md).

Only published events, and no personal details: no registrations, no names of people (hosts included), no access or
dietary needs; counts of places taken and of interest are aggregates. Texts in the language asked for, with both
languages alongside. The grid only once the organisers have published it.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema

from coproduce.api.errors import ERRORS, not_found
from coproduce.api.opendata import licence_for
from coproduce.api.pagination import Paging, page
from coproduce.api.schemas import SLUG_MAX_LENGTH, SLUG_PATTERN, LicenceOut, Page
from coproduce.core.bilingual import resolve
from coproduce.engagements.models import Engagement
from coproduce.events.models import Event, Pitch

router = Router(tags=["events"])


class EventFilters(Paging):
    organisation: str | None = Field(
        None, max_length=SLUG_MAX_LENGTH, pattern=SLUG_PATTERN, description="Only this organisation's events (slug)."
    )


class EventOut(Schema):
    slug: str
    organisation: str
    engagement: str | None = Field(description="The linked engagement (slug), when it is public.")
    kind: str
    title: str = Field(description="In the language asked for, else the other one.")
    title_en: str | None
    title_cy: str | None
    description: str
    place: str
    access_information: str
    step_free: bool
    hearing_loop: bool
    quiet_room: bool
    welsh_provision: bool
    online: bool
    starts_at: dt.datetime
    ends_at: dt.datetime
    places: int
    places_taken: int
    grid_published: bool
    licence: LicenceOut


class SessionOut(Schema):
    id: int
    title: str
    summary: str
    language: str
    interest: int = Field(description="How many people showed interest.")
    starts_at: dt.datetime | None = Field(description="Its slot in the published grid; null before that.")
    room: str | None


class GridSlotOut(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    sessions: list[SessionOut]


def events():
    return (
        Event.objects.filter(published=True)
        .select_related("organisation", "engagement")
        .annotate(taken=Count("registrations", filter=Q(registrations__status="confirmed")))
        .order_by("starts_at", "pk")
    )


def event_out(event: Event) -> dict:
    engagement = event.engagement
    public = engagement is not None and engagement.visibility == Engagement.Visibility.PUBLIC
    return {
        "slug": event.slug,
        "organisation": event.organisation.slug,
        "engagement": engagement.slug if public and engagement else None,
        "kind": event.kind,
        "title": resolve(event, "title")[0],
        "title_en": event.title_en,
        "title_cy": event.title_cy,
        "description": resolve(event, "description")[0],
        "place": resolve(event, "place")[0],
        "access_information": resolve(event, "access_information")[0],
        "step_free": event.step_free,
        "hearing_loop": event.hearing_loop,
        "quiet_room": event.quiet_room,
        "welsh_provision": event.welsh_provision,
        "online": bool(event.online_url),
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "places": event.capacity,
        "places_taken": getattr(event, "taken", 0),
        "grid_published": event.grid_published_at is not None,
        "licence": licence_for(event.organisation),
    }


def session_out(pitch: Pitch, published: bool) -> dict:
    return {
        "id": pitch.pk,
        "title": pitch.title,
        "summary": pitch.summary,
        "language": pitch.language,
        "interest": getattr(pitch, "interest", 0),
        "starts_at": pitch.slot.starts_at if published and pitch.slot else None,
        "room": pitch.room.name if published and pitch.room else None,
    }


def published_event(slug: str) -> Event:
    event = events().filter(slug=slug).first()
    if event is None:
        raise not_found()
    return event


@router.get(
    "/events",
    response={200: Page[EventOut], **ERRORS},
    operation_id="list_events",
    summary=gettext_noop("List the published events"),
)
def list_events(request: HttpRequest, filters: Query[EventFilters]):
    found = events()
    if filters.organisation:
        found = found.filter(organisation__slug=filters.organisation)
    return page(found, filters, event_out)


@router.get(
    "/events/{slug}",
    response={200: EventOut, **ERRORS},
    operation_id="get_event",
    summary=gettext_noop("One published event"),
)
def get_event(request: HttpRequest, slug: str):
    return event_out(published_event(slug))


@router.get(
    "/events/{slug}/sessions",
    response={200: list[SessionOut], **ERRORS},
    operation_id="list_event_sessions",
    summary=gettext_noop("The sessions pitched for an unconference day"),
)
def list_event_sessions(request: HttpRequest, slug: str):
    event = published_event(slug)
    published = event.grid_published_at is not None
    pitches = event.pitches.annotate(interest=Count("interests")).select_related("slot", "room").order_by("pk")
    return [session_out(p, published) for p in pitches]


@router.get(
    "/events/{slug}/grid",
    response={200: list[GridSlotOut], **ERRORS},
    operation_id="get_event_grid",
    summary=gettext_noop("The published session grid of an unconference day"),
)
def get_event_grid(request: HttpRequest, slug: str):
    event = published_event(slug)
    if event.grid_published_at is None:
        raise not_found()
    pitches = list(
        event.pitches.filter(slot__isnull=False)
        .annotate(interest=Count("interests"))
        .select_related("slot", "room")
        .order_by("slot__starts_at", "-room__capacity")
    )
    return [
        {
            "starts_at": slot.starts_at,
            "ends_at": slot.ends_at,
            "sessions": [session_out(p, True) for p in pitches if p.slot_id == slot.pk],
        }
        for slot in event.slots.all()
    ]
