from __future__ import annotations

from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "coproduce.proposals"
    label = "proposals"

    def ready(self) -> None:
        # How to export and erase a person's data: see coproduce.accounts.personal_data.
        from coproduce.accounts import personal_data as registry
        from coproduce.proposals import personal_data

        registry.register("proposals", export=personal_data.export, erase=personal_data.erase)

        from django.utils.translation import gettext_lazy as _

        from coproduce.engagements.registry import (
            ENGAGEMENT,
            STATEMENT_ANSWERS,
            Section,
            StaffLink,
            add_sections,
            add_staff_links,
        )
        from coproduce.proposals import links

        add_staff_links(
            StaffLink(90, "proposals_staff:proposals", _("Proposals"), "proposals"),
            StaffLink(100, "proposals_staff:decision_new", _("Record a decision"), "decisions"),
        )
        add_sections(
            Section(ENGAGEMENT, 20, "proposals/_engagement_links.html", links.engagement_section),
            Section(STATEMENT_ANSWERS, 10, "proposals/_answering.html", links.statement_answers),
        )
