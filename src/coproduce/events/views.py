"""The public pages of events: the list, an event's page (with registration, pitches and interest on an
unconference day), the grid (on phones, stacked by time, and on a projector), session notes, and calendars."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.core import ical
from coproduce.core.bilingual import resolve
from coproduce.core.forms import render_form_page
from coproduce.core.projector import render_projector
from coproduce.core.ratelimit import limit_writes
from coproduce.engagements.models import Organisation
from coproduce.events import actions
from coproduce.events.access import event_for_viewing, may_take_notes, pitch_for_viewing
from coproduce.events.forms import NoteForm, PitchForm, RegistrationForm
from coproduce.events.grid import grid_rows, pitches_with_interest
from coproduce.events.models import Event, Interest, Registration


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    published = Event.objects.filter(published=True).select_related("organisation")
    return render(
        request,
        "events/list.html",
        {
            "upcoming": published.filter(ends_at__gte=now),
            "past": published.filter(ends_at__lt=now).order_by("-starts_at")[:20],
            "page_title": _("Events"),
        },
    )


def my_registration(request: HttpRequest, event: Event) -> Registration | None:
    if not request.user.is_authenticated:
        return None
    return event.registrations.filter(user=request.user).exclude(status=Registration.Status.CANCELLED).first()


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for_viewing(request, slug)
    context: dict = {
        "event": event,
        "registration": my_registration(request, event),
        "places_open": event.places_open(),
        "confirmed": event.registrations.filter(status=Registration.Status.CONFIRMED).count(),
        "can_organise": request.user.has_perm("events.organise", event),
        "page_title": resolve(event, "title")[0],
    }
    if event.kind == Event.Kind.UNCONFERENCE:
        pitches = list(pitches_with_interest(event))
        mine = (
            set(Interest.objects.filter(pitch__event=event, user=request.user).values_list("pitch", flat=True))
            if request.user.is_authenticated
            else set()
        )
        context.update({"pitches": pitches, "my_interest": mine})
    return render(request, "events/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("event_write")
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for_viewing(request, slug)
    if event.cancelled:
        messages.info(request, _("This event is cancelled."))
        return redirect(event)
    if my_registration(request, event) is not None:
        messages.info(request, _("You have already registered for this event."))
        return redirect(event)
    initial = {"name": getattr(request.user, "display_name", ""), "language": request.LANGUAGE_CODE[:2]}
    form = RegistrationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            registration = actions.do_register(event, user=request.user, email=request.user.email, **form.cleaned_data)
        except actions.AlreadyRegistered:
            messages.info(request, _("You have already registered for this event."))
            return redirect(event)
        except actions.EventCancelled:  # cancelled while the form was open
            messages.info(request, _("This event is cancelled."))
            return redirect(event)
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("Your place is confirmed."))
        else:
            messages.success(
                request, _("The event is full: you are on the waiting list. You will get a place if one frees.")
            )
        return redirect(event)
    return render_form_page(
        request, "events/register.html", {"form": form, "event": event, "page_title": _("Register")}
    )


@login_required
@require_POST
@limit_writes("event_write")
def cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for_viewing(request, slug)
    registration = my_registration(request, event)
    if registration is not None:
        actions.do_cancel_registration(request.user, registration)
        messages.success(request, _("Your registration is cancelled."))
    return redirect(event)


def calendar_event(request: HttpRequest, event: Event) -> ical.Event:
    """A cancelled event stays in the files as STATUS:CANCELLED with a higher SEQUENCE, so that a calendar that has
    it (from the file or the organisation's feed) shows it cancelled rather than keeping a stale copy."""
    return ical.Event(
        status="CANCELLED" if event.cancelled else "",
        sequence=1 if event.cancelled else 0,
        uid=f"event-{event.pk}@{request.get_host()}",
        summary=resolve(event, "title")[0],
        start=event.starts_at,
        end=event.ends_at,
        description=resolve(event, "description")[0],
        location=resolve(event, "place")[0] or event.online_url,
        url=request.build_absolute_uri(event.get_absolute_url()),
    )


@require_safe
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for_viewing(request, slug)
    return ical.calendar_response([calendar_event(request, event)], f"{event.slug}.ics", tz=ical.LONDON)


@require_safe
def organisation_feed(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    since = timezone.now() - dt.timedelta(days=90)
    events = organisation.events.filter(published=True, ends_at__gte=since)
    return ical.calendar_response(
        [calendar_event(request, e) for e in events],
        f"{organisation.slug}-events.ics",
        name=resolve(organisation, "name")[0],
        tz=ical.LONDON,
        as_attachment=False,
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("event_write")
def pitch(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for_viewing(request, slug)
    if event.kind != Event.Kind.UNCONFERENCE or event.cancelled:
        return redirect(event)
    initial = {"host_name": getattr(request.user, "display_name", ""), "language": request.LANGUAGE_CODE[:2]}
    form = PitchForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.do_pitch(event, request.user, **form.cleaned_data)
        messages.success(request, _("Your session is pitched. People can now show interest in it."))
        return redirect(event)
    return render_form_page(
        request, "events/pitch.html", {"form": form, "event": event, "page_title": _("Pitch a session")}
    )


@login_required
@require_POST
@limit_writes("event_interest", limit=120)
def interest(request: HttpRequest, pk: int) -> HttpResponse:
    found = pitch_for_viewing(request, pk)
    if found.event.cancelled:
        messages.info(request, _("This event is cancelled."))
        return redirect(found.event)
    now_interested = actions.do_toggle_interest(found, request.user)
    if now_interested:
        messages.success(request, _("Interest noted: %(title)s") % {"title": found.title})
    else:
        messages.info(request, _("Interest taken back: %(title)s") % {"title": found.title})
    return redirect(f"{found.event.get_absolute_url()}#pitch-{found.pk}")


def published_grid(request: HttpRequest, slug: str) -> Event:
    event = event_for_viewing(request, slug)
    if event.grid_published_at is None and not request.user.has_perm("events.organise", event):
        raise Http404
    return event


@require_safe
def grid(request: HttpRequest, slug: str) -> HttpResponse:
    event = published_grid(request, slug)
    return render(
        request, "events/grid.html", {"event": event, **grid_rows(event), "page_title": _("The session grid")}
    )


@require_safe
def projector(request: HttpRequest, slug: str) -> HttpResponse:
    event = published_grid(request, slug)
    return render_projector(
        request,
        "events/projector.html",
        "events/_projector_panel.html",
        {"event": event, **grid_rows(event), "page_title": _("The session grid")},
        join_url=request.build_absolute_uri(event.get_absolute_url()),
        join_label=_("The day’s page"),
    )


@require_http_methods(["GET", "POST"])
@limit_writes("event_write")
def notes(request: HttpRequest, pk: int) -> HttpResponse:
    found = pitch_for_viewing(request, pk)
    may_write = may_take_notes(request.user, found)
    if request.method == "POST" and not may_write:
        raise PermissionDenied
    form = NoteForm(request.POST if request.method == "POST" else None, initial={"language": request.LANGUAGE_CODE[:2]})
    if request.method == "POST" and form.is_valid():
        actions.do_add_note(found, request.user, form.cleaned_data["text"], form.cleaned_data["language"])
        messages.success(request, _("The point is added to the session’s notes."))
        return redirect("events:notes", found.pk)
    return render_form_page(
        request,
        "events/notes.html",
        {
            "pitch": found,
            "event": found.event,
            "notes": found.notes.select_related("statement"),
            "form": form if may_write else None,
            "can_organise": request.user.has_perm("events.organise", found.event),
            "page_title": found.title,
        },
    )
