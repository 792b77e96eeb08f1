from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "coproduce.api"
    label = "api"

    def ready(self) -> None:
        # The open data and the organisation's API keys, linked from the pages of the apps below
        # (coproduce.engagements.registry), which never name the api's URLs.
        from django.utils.translation import gettext_lazy as _

        from coproduce.conversations.links import results_open
        from coproduce.engagements.registry import (
            RESULTS,
            RESULTS_PAGE,
            EngagementLink,
            OrganisationLink,
            add_engagement_links,
            add_organisation_links,
            admins_only,
        )

        add_engagement_links(
            EngagementLink(RESULTS, 30, "api_pages:open_data", _("Open data"), results_open),
            EngagementLink(
                RESULTS_PAGE, 10, "api_pages:open_data", _("Open data: download the statements, votes and results")
            ),
        )
        add_organisation_links(
            OrganisationLink(40, "api_staff:api_keys", _("API keys and open data licence"), admins_only),
        )

        # Open data built once, served fast (api/builds.py): rebuilt when the conversation changes, taken down when
        # a person's data is erased.
        from coproduce.accounts import personal_data
        from coproduce.api import builds
        from coproduce.conversations.tasks import change_listeners

        if builds.on_change not in change_listeners:
            change_listeners.append(builds.on_change)
        personal_data.register("api", export=builds.export, erase=builds.erase)

        # The demo's open data is built with the demo, so that its first visitor does not find it being prepared.
        from coproduce.api.demo import load_demo
        from coproduce.engagements.registry import add_demo_loader

        add_demo_loader(load_demo)
