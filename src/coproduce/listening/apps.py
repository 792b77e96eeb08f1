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

        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from coproduce.engagements.models import Role
        from coproduce.engagements.registry import (
            ENGAGEMENT,
            LISTEN,
            STATEMENT_SOURCES,
            RoleLink,
            Section,
            StaffLink,
            TranslatedContent,
            add_demo_loader,
            add_role_links,
            add_sections,
            add_staff_links,
            add_translated_content,
        )
        from coproduce.listening import links
        from coproduce.listening.models import Theme

        add_staff_links(
            StaffLink(
                80,
                "listening_staff:conversations",
                _("One-to-one conversations"),
                "conversations",
                LISTEN,
                "listening.list_conversations",
            ),
            StaffLink(
                82, "listening_staff:challenges", _("Challenges"), "challenges", LISTEN, "listening.manage_challenges"
            ),
            StaffLink(84, "listening_staff:themes", _("Themes board"), "themes", LISTEN, "listening.view_themes_board"),
            StaffLink(86, "listening_staff:mentor", _("Mentor space"), "mentor", LISTEN, "listening.mentor_space"),
            StaffLink(
                88,
                "listening_staff:access_log",
                _("Who read the notes"),
                "access_log",
                LISTEN,
                "listening.read_access_log",
            ),
            StaffLink(
                89, "listening_staff:erase", _("Erase a person’s details"), "erase", LISTEN, "listening.erase_person"
            ),
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
        add_translated_content(
            TranslatedContent(
                45,
                Theme,
                _("Themes"),
                "engagement",
                lambda item, engagement: reverse("listening_staff:theme_edit", args=[engagement.slug, item.pk]),
                name=("", "name"),
            ),
        )
        # This app's part of `coproduce demo`, in English and Welsh.
        from coproduce.listening.demo import load_demo

        add_demo_loader(load_demo)
