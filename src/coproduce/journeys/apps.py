from __future__ import annotations

from django.apps import AppConfig


class JourneysConfig(AppConfig):
    name = "coproduce.journeys"
    label = "journeys"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from coproduce.accounts import personal_data as registry
        from coproduce.engagements.registry import OrganisationLink, add_demo_loader, add_organisation_links
        from coproduce.journeys import (
            personal_data,
            rules,  # noqa: F401  (the permissions)
        )
        from coproduce.journeys.demo import load_demo

        # How to export and erase a person's data: see coproduce.accounts.personal_data.
        registry.register("journeys", export=personal_data.export, erase=personal_data.erase)
        add_organisation_links(
            OrganisationLink(80, "journeys_staff:home", _("Journeys: co-production and data maturity")),
            OrganisationLink(85, "journeys_staff:programme", _("Programme: every engagement at a glance")),
        )
        # This app's part of `coproduce demo`, in English and Welsh.
        add_demo_loader(load_demo)
