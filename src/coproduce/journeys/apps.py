from __future__ import annotations

from django.apps import AppConfig


class JourneysConfig(AppConfig):
    name = "coproduce.journeys"
    label = "journeys"

    def ready(self) -> None:
        from coproduce.journeys import rules  # noqa: F401  (the permissions)
