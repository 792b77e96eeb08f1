from __future__ import annotations

from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "coproduce.networks"
    label = "networks"

    def ready(self) -> None:
        # How to export and erase a person's data: see coproduce.accounts.personal_data.
        from coproduce.accounts import personal_data as registry
        from coproduce.networks import personal_data

        registry.register("networks", export=personal_data.export, erase=personal_data.erase)

        from django.utils.translation import gettext_lazy as _

        from coproduce.engagements.registry import (
            OrganisationLink,
            add_demo_loader,
            add_organisation_links,
            admins_only,
        )

        add_organisation_links(
            OrganisationLink(60, "networks_staff:organisation", _("Networks"), admins_only),
        )
        # This app's part of `coproduce demo`, in English and Welsh.
        from coproduce.networks.demo import load_demo

        add_demo_loader(load_demo)
