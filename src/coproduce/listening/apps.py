from __future__ import annotations

from django.apps import AppConfig


class ListeningConfig(AppConfig):
    name = "coproduce.listening"
    label = "listening"

    def ready(self) -> None:
        # How to export and erase a person's data: see coproduce.accounts.personal_data.
        from coproduce.accounts import personal_data as registry
        from coproduce.listening import personal_data

        registry.register("listening", export=personal_data.export, erase=personal_data.erase)

        from django.utils.translation import gettext_lazy as _

        from coproduce.engagements.models import Role
        from coproduce.engagements.registry import (
            ENGAGEMENT,
            STATEMENT_SOURCES,
            RoleLink,
            Section,
            StaffLink,
            add_role_links,
            add_sections,
            add_staff_links,
        )
        from coproduce.listening import links

        add_staff_links(
            StaffLink(80, "listening_staff:challenges", _("Challenges and themes")),
        )
        add_sections(
            Section(ENGAGEMENT, 10, "listening/_engagement_links.html", links.engagement_section),
            Section(STATEMENT_SOURCES, 10, "listening/_statement_themes.html", links.statement_themes),
        )
        add_role_links(
            RoleLink(
                10,
                frozenset({str(Role.SPOKESPERSON), str(Role.MENTOR)}),
                "listening_staff:conversations",
                _("One-to-one conversations"),
            ),
            RoleLink(20, frozenset({str(Role.MENTOR)}), "listening_staff:mentor", _("Mentor space")),
        )
