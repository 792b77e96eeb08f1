from __future__ import annotations

from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "coproduce.translations"
    label = "translations"

    def ready(self) -> None:
        # How to export and erase a person's data: see coproduce.accounts.personal_data.
        from coproduce.accounts import personal_data as registry
        from coproduce.translations import personal_data

        registry.register("translations", export=personal_data.export, erase=personal_data.erase)
