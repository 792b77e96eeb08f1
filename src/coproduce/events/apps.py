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

        from coproduce.engagements.registry import ENGAGEMENT, NETWORK, Section, add_demo_loader, add_sections
        from coproduce.events.demo import load_demo
        from coproduce.events.links import engagement_events, network_events
        from coproduce.events.notify import EventNews
        from coproduce.notifications import topics

        topics.register(EventNews())
        add_sections(
            Section(ENGAGEMENT, 60, "events/_engagement_events.html", engagement_events),
            Section(NETWORK, 30, "events/_engagement_events.html", network_events),
        )
        # This app's part of `coproduce demo`, in English and Welsh.
        add_demo_loader(load_demo)
