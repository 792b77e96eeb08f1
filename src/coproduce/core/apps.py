from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "coproduce.core"
    label = "core"

    def ready(self) -> None:
        from coproduce.core import (
            checks,  # noqa: F401 - registers the system checks
            tasks,  # noqa: F401 - connects the "after the response" signals
        )
