"""The organisers' side of events: creating (by the organisation's admins, or an engagement's managers for their
engagement), editing, cancelling and deleting an event (texts in English and Welsh side by side, batches
of places), registrations (with the access and dietary needs only organisers see), assisted
registration and check-in on the day; rooms, slots, pins, building and publishing the grid; notes into statements.
Every view fetches through coproduce.events.access."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coproduce.core.bilingual import resolve
from coproduce.core.forms import bilingual_initial, render_form_page
from coproduce.core.ratelimit import limit_writes
from coproduce.engagements.access import engagement_with_permission, organisation_for
from coproduce.events import actions
from coproduce.events.access import event_for_organising, note_for_organising, registration_for_organising
from coproduce.events.forms import AssistedRegistrationForm, EventForm, PinForm, ReleaseForm, RoomForm, SlotForm
from coproduce.events.grid import grid_rows
from coproduce.events.models import Event, Registration

TEXTS = EventForm.bilingual


@login_required
@require_safe
def organisation_events(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The organisation's events, coming first, each with its pages; and a button to create one."""
    organisation = organisation_for(request, org_slug, "events.create_event")
    events = Event.objects.filter(organisation=organisation).select_related("engagement").order_by("-starts_at", "pk")
    return render(
        request,
        "events/staff_events.html",
        {
            "organisation": organisation,
            "events": events,
            "page_title": _("Events: %(organisation)s") % {"organisation": resolve(organisation, "name")[0]},
        },
    )


@login_required
@require_safe
def engagement_events(request: HttpRequest, slug: str) -> HttpResponse:
    """An engagement's events, for its managers (in its staff navigation), with a button to create one."""
    engagement = engagement_with_permission(request, slug, "events.create_engagement_event")
    events = Event.objects.filter(engagement=engagement).order_by("-starts_at", "pk")
    return render(
        request,
        "events/staff_events.html",
        {
            "organisation": engagement.organisation,
            "engagement": engagement,
            "events": events,
            "section": "events",
            "page_title": _("Events: %(engagement)s") % {"engagement": resolve(engagement, "title")[0]},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def event_new(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_for(request, org_slug, "events.create_event")
    return _create(request, organisation, None)


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def engagement_event_new(request: HttpRequest, slug: str) -> HttpResponse:
    """An engagement's manager creates an event linked to it (the engagement is not a choice on this page)."""
    engagement = engagement_with_permission(request, slug, "events.create_engagement_event")
    return _create(request, engagement.organisation, engagement)


def _create(request: HttpRequest, organisation, engagement) -> HttpResponse:
    form = EventForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        engagement=engagement,
        initial={"capacity": 30, "published": True, "kind": Event.Kind.WORKSHOP},
    )
    if request.method == "POST" and form.is_valid():
        event = actions.do_create_event(
            request.user,
            organisation,
            slug=form.cleaned_data["slug"],
            **{name: form.texts(name) for name in TEXTS},
            **form.details(),
        )
        messages.success(request, _("The event is created."))
        return redirect("events_staff:edit", event.slug)
    return render_form_page(
        request,
        "events/staff_event_form.html",
        {
            "form": form,
            "organisation": organisation,
            "engagement": engagement,
            "section": "events",
            "page_title": _("Create an event"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The event's details, and on the same page its batches of places (the form that was sent is named `form`)."""
    event = event_for_organising(request, slug)
    which = request.POST.get("form") if request.method == "POST" else None
    initial = {**bilingual_initial(event, *TEXTS), **{name: getattr(event, name) for name in actions.EDITABLE}}
    # Moving an event to another engagement (or to none) is for the organisation's admins: an engagement's manager
    # organises the events of their engagement only.
    fixed = None if request.user.has_perm("events.create_event", event.organisation) else event.engagement
    form = EventForm(
        request.POST if which == "event" else None,
        organisation=event.organisation,
        event=event,
        engagement=fixed,
        initial=initial,
    )
    release_form = ReleaseForm(request.POST if which == "release" else None, prefix="release")
    if which == "event" and form.is_valid():
        actions.do_update_event(request.user, event, {name: form.texts(name) for name in TEXTS}, form.details())
        messages.success(request, _("Your changes have been saved."))
        return redirect("events_staff:edit", event.slug)
    if which == "release" and release_form.is_valid():
        actions.do_release_places(request.user, event, **release_form.cleaned_data)
        messages.success(request, _("The batch of places is added."))
        return redirect("events_staff:edit", event.slug)
    bound = next((f for f in (form, release_form) if f.is_bound), None)
    return render_form_page(
        request,
        "events/staff_event_form.html",
        {
            "form": bound,
            "event_form": form,
            "release_form": release_form,
            "releases": list(event.releases.all()),
            "event": event,
            "organisation": event.organisation,
            "section": "events",
            "page_title": _("Edit the event: %(title)s") % {"title": resolve(event, "title")[0]},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def event_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    """Asks first; cancelling emails everyone registered with an account."""
    event = event_for_organising(request, slug)
    if request.method == "POST" and not event.cancelled:
        done = actions.do_cancel_event(request.user, event)
        told = ngettext(
            "The event is cancelled. %(count)s person registered is being told by email.",
            "The event is cancelled. %(count)s people registered are being told by email.",
            done["told"],
        )
        messages.success(request, told % {"count": done["told"]})
        if done["to_tell"]:
            to_tell = ngettext(
                "%(count)s person was registered without an email address we can use: tell them yourselves (their "
                "name is on the registrations page).",
                "%(count)s people were registered without an email address we can use: tell them yourselves (their "
                "names are on the registrations page).",
                done["to_tell"],
            )
            messages.warning(request, to_tell % {"count": done["to_tell"]})
        return redirect("events_staff:edit", event.slug)
    return _confirm(request, event, "cancel", _("Cancel the event?"))


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def event_delete(request: HttpRequest, slug: str) -> HttpResponse:
    """Asks first; refuses while people registered have not been told (cancel first) or are still being told."""
    event = event_for_organising(request, slug)
    if request.method == "POST":
        try:
            actions.do_delete_event(request.user, event)
        except actions.PeopleToTell:
            messages.error(request, _("People are registered: cancel the event first, which tells them."))
        except actions.StillTelling:
            messages.error(
                request, _("The emails telling people of the cancellation are still being sent: try again later.")
            )
        else:
            messages.success(request, _("The event is deleted."))
            if request.user.has_perm("events.create_event", event.organisation):
                return redirect("events_staff:organisation_events", event.organisation.slug)
            return redirect("events_staff:engagement_events", event.engagement.slug)
        return redirect("events_staff:delete", event.slug)
    return _confirm(request, event, "delete", _("Delete the event?"))


def _confirm(request: HttpRequest, event: Event, what: str, title) -> HttpResponse:
    return render(
        request,
        "events/staff_confirm.html",
        {
            "event": event,
            "what": what,
            "registered": event.registrations.exclude(status=Registration.Status.CANCELLED).count(),
            "section": "events",
            "page_title": title,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for_organising(request, slug)
    form = AssistedRegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        registration = actions.do_register(event, assisted_by=request.user, **form.cleaned_data)
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("Registered: the place is confirmed."))
        else:
            messages.success(request, _("Registered on the waiting list: the event is full."))
        return redirect("events_staff:manage", event.slug)
    registrations = event.registrations.exclude(status=Registration.Status.CANCELLED)
    return render_form_page(
        request,
        "events/manage.html",
        {
            "event": event,
            "form": form,
            "confirmed": [r for r in registrations if r.status == Registration.Status.CONFIRMED],
            "waiting": [r for r in registrations if r.status == Registration.Status.WAITING],
            "section": "events",
            "page_title": _("Registrations: %(title)s") % {"title": resolve(event, "title")[0]},
        },
    )


@login_required
@require_POST
@limit_writes("staff_write", limit=300)
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    registration = registration_for_organising(request, pk)
    actions.do_check_in(request.user, registration)
    messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
    return redirect("events_staff:manage", registration.event.slug)


@login_required
@require_http_methods(["GET", "POST"])
@limit_writes("staff_write")
def grid(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for_organising(request, slug)
    which = request.POST.get("form") if request.method == "POST" else None
    room_form = RoomForm(request.POST if which == "room" else None, prefix="room")
    slot_form = SlotForm(request.POST if which == "slot" else None, prefix="slot")
    pin_form = PinForm(request.POST if which == "pin" else None, prefix="pin", event=event)
    if which == "room" and room_form.is_valid():
        actions.do_add_room(request.user, event, **room_form.cleaned_data)
        messages.success(request, _("The room is added."))
        return redirect("events_staff:grid", event.slug)
    if which == "slot" and slot_form.is_valid():
        day = timezone.localtime(event.starts_at).date()
        tz = timezone.get_current_timezone()
        actions.do_add_slot(
            request.user,
            event,
            dt.datetime.combine(day, slot_form.cleaned_data["starts_at"], tzinfo=tz),
            dt.datetime.combine(day, slot_form.cleaned_data["ends_at"], tzinfo=tz),
        )
        messages.success(request, _("The time slot is added."))
        return redirect("events_staff:grid", event.slug)
    if which == "pin" and pin_form.is_valid():
        slot, room = pin_form.chosen_place()
        actions.do_pin(request.user, pin_form.cleaned_data["pitch"], slot, room)
        messages.success(request, _("The session is pinned.") if slot else _("The session is no longer pinned."))
        return redirect("events_staff:grid", event.slug)
    if which == "build":
        try:
            built = actions.do_build_grid(request.user, event)
        except actions.GridError:
            messages.error(request, _("Add rooms and time slots first, and pin no two sessions to the same place."))
        else:
            messages.success(
                request,
                _(
                    "The grid is built: %(scheduled)s sessions placed, %(clashes)s clashes between sessions people "
                    "want. It is not public until you publish it."
                )
                % {"scheduled": built.measures.scheduled, "clashes": built.measures.clashes},
            )
        return redirect("events_staff:grid", event.slug)
    if which == "publish":
        publish = request.POST.get("publish") != "no"
        actions.do_publish_grid(request.user, event, publish)
        messages.success(request, _("The grid is published.") if publish else _("The grid is no longer public."))
        return redirect("events_staff:grid", event.slug)
    bound = next((f for f in (room_form, slot_form, pin_form) if f.is_bound), None)
    return render_form_page(
        request,
        "events/staff_grid.html",
        {
            "event": event,
            "form": bound,
            "room_form": room_form,
            "slot_form": slot_form,
            "pin_form": pin_form,
            **grid_rows(event),
            "section": "events",
            "page_title": _("Build the grid: %(title)s") % {"title": resolve(event, "title")[0]},
        },
    )


@login_required
@require_POST
@limit_writes("staff_write")
def note_statement(request: HttpRequest, pk: int) -> HttpResponse:
    note = note_for_organising(request, pk)
    try:
        actions.do_note_to_statement(request.user, note)
    except actions.NoConversation:
        messages.error(request, _("This event is linked to no engagement: the point has no conversation to go to."))
    except actions.DuplicateStatement:
        messages.error(request, _("The conversation already has a statement with these words."))
    else:
        messages.success(request, _("The point is now a statement in the engagement’s conversation."))
    return redirect("events:notes", note.pitch_id)
