from __future__ import annotations

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "coproduce.events"
    label = "events"

    def ready(self) -> None:
        # How to export and erase a person's data: see coproduce.accounts.personal_data.
        from coproduce.accounts import personal_data as registry
        from coproduce.events import personal_data, rules  # noqa: F401  (rules registers the permissions)

        registry.register("events", export=personal_data.export, erase=personal_data.erase)

        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from coproduce.engagements.registry import (
            CODESIGN,
            ENGAGEMENT,
            NETWORK,
            OrganisationContent,
            OrganisationLink,
            Section,
            StaffLink,
            add_demo_loader,
            add_organisation_content,
            add_organisation_links,
            add_sections,
            add_staff_links,
            admins_only,
        )
        from coproduce.events.demo import load_demo
        from coproduce.events.links import engagement_events, network_events
        from coproduce.events.notify import EventNews
        from coproduce.notifications import topics

        topics.register(EventNews())
        add_sections(
            Section(ENGAGEMENT, 60, "events/_engagement_events.html", engagement_events),
            Section(NETWORK, 30, "events/_engagement_events.html", network_events),
        )
        # An engagement's events (and "Create an event" linked to it), in its staff navigation: for its managers. The
        # organisers' event pages mark it as the current page (section "events").
        add_staff_links(
            StaffLink(
                92, "events_staff:engagement_events", _("Events"), "events", CODESIGN, "events.create_engagement_event"
            )
        )
        # The organisation's events (and "Create an event"), from its list in the staff dashboard: for its admins.
        add_organisation_links(OrganisationLink(50, "events_staff:organisation_events", _("Events"), admins_only))
        # The Welsh-language compliance pages: an event's title, description, place and access information, all of an
        # organisation's events on its page, and an engagement's own on the engagement's.
        from coproduce.events.models import Event

        add_organisation_content(
            OrganisationContent(
                20,
                Event,
                _("Events"),
                of_organisation=lambda organisation: Event.objects.filter(organisation=organisation),
                in_engagement=lambda engagement: Event.objects.filter(engagement=engagement),
                edit_url=lambda event: reverse("events_staff:edit", args=[event.slug]),
                where=_("Events"),
                name_field="title",
            )
        )
        # This app's part of `coproduce demo`, in English and Welsh.
        add_demo_loader(load_demo)
