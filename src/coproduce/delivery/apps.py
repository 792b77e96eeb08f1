from __future__ import annotations

from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "coproduce.delivery"
    label = "delivery"

    def ready(self) -> None:
        # How to export and erase a person's data: see coproduce.accounts.personal_data.
        from coproduce.accounts import personal_data as registry
        from coproduce.delivery import personal_data

        registry.register("delivery", export=personal_data.export, erase=personal_data.erase)

        from django.utils.translation import gettext_lazy as _

        from coproduce.delivery import links
        from coproduce.engagements.registry import (
            DECISION,
            ENGAGEMENT,
            Section,
            StaffLink,
            add_sections,
            add_staff_links,
        )

        add_staff_links(
            StaffLink(110, "delivery_staff:board", _("Actions and iterations"), "delivery"),
        )
        add_sections(
            Section(ENGAGEMENT, 30, "delivery/_engagement_links.html", links.engagement_section),
            Section(DECISION, 10, "delivery/_decision_actions.html", links.decision_actions),
        )
