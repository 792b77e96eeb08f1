"""Events, their sessions and the published grid, as open data (issue 19; docs/decisions/0018-events-and-scheduler.md).

Only published events, and no personal details: no registrations, no names of people (hosts included), no access or
dietary needs; counts of places taken and of interest are aggregates. Texts in the language asked for, with both
languages alongside. The grid only once the organisers have published it.

Two open data files, for everyone: events.csv (every published event, both languages' texts, each row's licence and
attribution) and event-sessions.csv (the sessions pitched for them, with interest counts, and their slot and room once
the grid is published). Each is built from an explicit list of columns, as api/opendata.py's files, never from a model
dump: a field added to a model later (a host, a registration) cannot appear in them unless someone adds it on purpose.
Two queries per file.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema

from coproduce.api.attachments import attachment, attachment_openapi
from coproduce.api.errors import ERRORS, not_found
from coproduce.api.opendata import Field as Column
from coproduce.api.opendata import attribution, csv_bytes, licence_for
from coproduce.api.pagination import Paging, page
from coproduce.api.schemas import SLUG_MAX_LENGTH, SLUG_PATTERN, LicenceOut, Page
from coproduce.core.bilingual import LANGUAGES, resolve
from coproduce.engagements.models import Engagement, Licence
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
    cancelled: bool = Field(description="Cancelled by its organisers: it will not take place.")
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


def public_engagement(event: Event) -> str | None:
    """The linked engagement's slug, only when the engagement is public (a private one's name is not open data)."""
    engagement = event.engagement
    public = engagement is not None and engagement.visibility == Engagement.Visibility.PUBLIC
    return engagement.slug if public and engagement else None


def event_out(event: Event) -> dict:
    return {
        "slug": event.slug,
        "organisation": event.organisation.slug,
        "engagement": public_engagement(event),
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
        "cancelled": event.cancelled,
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


# Open data files ------------------------------------------------------------------------------------------------


def _both(name: str, what: str) -> list[Column]:
    return [Column(f"{name}_{code}", "string", f"{what} ({code}).") for code in LANGUAGES]


EVENT_COLUMNS = [
    Column("event", "string", "The event (slug), as in the API."),
    Column("organisation", "string", "The organisation holding it (slug)."),
    Column("engagement", "string", "The engagement it belongs to (slug), when that engagement is public."),
    Column("network", "string", "The network it belongs to (slug), if any."),
    Column("kind", "string", "workshop, drop_in or unconference."),
    *_both("title", "Its title"),
    *_both("description", "What it is"),
    *_both("place", "Where it is; blank for an event held only online"),
    *_both("access_information", "More about access"),
    Column("step_free", "boolean", "Step-free access."),
    Column("hearing_loop", "boolean", "A hearing loop."),
    Column("quiet_room", "boolean", "A quiet room."),
    Column("welsh_provision", "boolean", "Welsh-language provision."),
    Column("online", "boolean", "Whether it can be joined online (the link itself is for those registered)."),
    Column("starts_at", "datetime", "When it starts (ISO 8601, with the offset)."),
    Column("ends_at", "datetime", "When it ends."),
    Column("places", "integer", "Places in all."),
    Column("places_taken", "integer", "Places confirmed (a count: never who)."),
    Column("cancelled", "boolean", "Cancelled by its organisers."),
    Column("grid_published", "boolean", "Whether its session grid is published (unconference days)."),
    Column("licence", "string", "The licence of this row (SPDX identifier): its organisation's."),
    Column("attribution", "string", "The line to credit this row with."),
]

SESSION_COLUMNS = [
    Column("session", "integer", "Session id, as in the API."),
    Column("event", "string", "The event it was pitched for (slug)."),
    Column("title", "string", "Its title, as written."),
    Column("summary", "string", "What it is about, in a line, as written."),
    Column("language", "string", "The language it was pitched in (en or cy)."),
    Column("interest", "integer", "How many people showed interest (a count: never who)."),
    Column("starts_at", "datetime", "Its slot in the published grid; blank before the grid is published."),
    Column("ends_at", "datetime", "The end of its slot; blank before the grid is published."),
    Column("room", "string", "Its room in the published grid; blank before that."),
    Column("licence", "string", "The licence of this row (SPDX identifier): its organisation's."),
]


def events_csv() -> bytes:
    rows = []
    for event in events().select_related("network"):
        code = event.organisation.licence or Licence.OGL_3
        row: dict[str, Any] = {
            "event": event.slug,
            "organisation": event.organisation.slug,
            "engagement": public_engagement(event),
            "network": event.network.slug if event.network else None,
            "kind": event.kind,
            **{name: getattr(event, name) for name in ("step_free", "hearing_loop", "quiet_room", "welsh_provision")},
            "online": bool(event.online_url),
            "starts_at": event.starts_at.isoformat(),
            "ends_at": event.ends_at.isoformat(),
            "places": event.capacity,
            "places_taken": event.taken,
            "cancelled": event.cancelled,
            "grid_published": event.grid_published_at is not None,
            "licence": code,
            "attribution": attribution(code, event.organisation.name_en or event.organisation.name),
        }
        for language in LANGUAGES:
            for name in ("title", "description", "place", "access_information"):
                row[f"{name}_{language}"] = getattr(event, f"{name}_{language}") or ""
        rows.append(row)
    return csv_bytes(EVENT_COLUMNS, rows)


def sessions_csv() -> bytes:
    pitches = (
        Pitch.objects.filter(event__published=True)
        .annotate(interest=Count("interests"))
        .select_related("event__organisation", "slot", "room")
        .order_by("event__starts_at", "event_id", "pk")
    )
    rows = []
    for pitch in pitches:
        published = pitch.event.grid_published_at is not None
        placed = published and pitch.slot is not None
        rows.append(
            {
                "session": pitch.pk,
                "event": pitch.event.slug,
                "title": pitch.title,
                "summary": pitch.summary,
                "language": pitch.language,
                "interest": pitch.interest,
                "starts_at": pitch.slot.starts_at.isoformat() if placed else None,
                "ends_at": pitch.slot.ends_at.isoformat() if placed else None,
                "room": pitch.room.name if placed and pitch.room else None,
                "licence": pitch.event.organisation.licence or Licence.OGL_3,
            }
        )
    return csv_bytes(SESSION_COLUMNS, rows)


@router.get(
    "/open-data/events.csv",
    response={200: None, **ERRORS},
    operation_id="open_data_events",
    summary=gettext_noop("Open data: the published events (CSV)"),
    openapi_extra=attachment_openapi(),
)
def open_data_events(request: HttpRequest):
    return attachment(events_csv(), "events.csv")


@router.get(
    "/open-data/event-sessions.csv",
    response={200: None, **ERRORS},
    operation_id="open_data_event_sessions",
    summary=gettext_noop("Open data: the sessions pitched for published events (CSV)"),
    openapi_extra=attachment_openapi(),
)
def open_data_event_sessions(request: HttpRequest):
    return attachment(sessions_csv(), "event-sessions.csv")
