from __future__ import annotations

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "coproduce.notifications"
    label = "notifications"

    def ready(self) -> None:
        # How to export and erase a person's data: see coproduce.accounts.personal_data.
        from coproduce.accounts import personal_data as registry
        from coproduce.notifications import personal_data

        registry.register("notifications", export=personal_data.export, erase=personal_data.erase)
