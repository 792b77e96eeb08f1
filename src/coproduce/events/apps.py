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
