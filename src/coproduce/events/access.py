"""Accessors: fetch an event (or a pitch, registration, note) and check the permission in one step.

A published event is public; an unpublished one is a 404 to anyone who may not organise it. Someone who may see the
event but not organise it gets 403 on the organisers' pages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from coproduce.events.models import Event, Pitch, Registration, SessionNote

EVENTS = Event.objects.select_related("organisation", "engagement", "network")


def event_for_viewing(request: HttpRequest, slug: str) -> Event:
    event = get_object_or_404(EVENTS, slug=slug)
    if not event.published and not request.user.has_perm("events.organise", event):
        raise Http404
    return event


def event_for_organising(request: HttpRequest, slug: str) -> Event:
    event = event_for_viewing(request, slug)
    if not request.user.has_perm("events.organise", event):
        raise PermissionDenied
    return event


def pitch_for_viewing(request: HttpRequest, pk: int) -> Pitch:
    pitch = get_object_or_404(Pitch.objects.select_related("event__organisation", "event__engagement"), pk=pk)
    event_for_viewing(request, pitch.event.slug)
    return pitch


def registration_for_organising(request: HttpRequest, pk: int) -> Registration:
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
    event_for_organising(request, registration.event.slug)
    return registration


def note_for_organising(request: HttpRequest, pk: int) -> SessionNote:
    note = get_object_or_404(SessionNote.objects.select_related("pitch__event"), pk=pk)
    event_for_organising(request, note.pitch.event.slug)
    return note


def may_take_notes(user, pitch: Pitch) -> bool:
    """The session's host or an organiser."""
    return user.is_authenticated and (pitch.host_id == user.pk or user.has_perm("events.organise", pitch.event))
