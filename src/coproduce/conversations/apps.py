from __future__ import annotations

from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "coproduce.conversations"
    label = "conversations"

    def ready(self) -> None:
        # How to export and erase a person's data: see coproduce.accounts.personal_data.
        from coproduce.accounts import personal_data as registry
        from coproduce.conversations import personal_data

        registry.register("conversations", export=personal_data.export, erase=personal_data.erase)

        # What they gave and what became of it: "My contributions" (coproduce.engagements.contributions).
        from coproduce.conversations import contributions
        from coproduce.engagements.contributions import add_kinds, add_outcome_sources

        add_kinds(*contributions.KINDS)
        add_outcome_sources(*contributions.SOURCES)

        from django.utils.translation import gettext_lazy as _

        from coproduce.conversations.demo import load_demo
        from coproduce.conversations.links import results_open, voting_open
        from coproduce.engagements.models import Role
        from coproduce.engagements.registry import (
            CONVERSATION,
            RESULTS,
            TAKE_PART,
            EngagementLink,
            OrganisationLink,
            RoleLink,
            StaffLink,
            add_demo_loader,
            add_engagement_links,
            add_organisation_links,
            add_role_links,
            add_staff_links,
        )

        add_demo_loader(load_demo)
        add_engagement_links(
            EngagementLink(TAKE_PART, 10, "conversations:vote_page", _("Carry on voting"), voting_open),
            EngagementLink(RESULTS, 10, "conversations:results", _("See where people agree"), results_open),
            EngagementLink(RESULTS, 20, "conversations:moderation_log", _("Moderation log"), results_open),
        )
        add_organisation_links(
            OrganisationLink(20, "conversations_staff:import_polis", _("Import a Polis conversation")),
        )
        add_staff_links(
            StaffLink(
                60,
                "conversations_staff:statements",
                _("Statements and moderation"),
                "statements",
                CONVERSATION,
                "conversations.moderate",
            ),
            StaffLink(
                65,
                "statement_translations:queue",
                _("Translations"),
                "translations",
                CONVERSATION,
                "conversations.translate",
            ),
            StaffLink(
                70,
                "conversations_staff:assisted",
                _("Assisted entry"),
                "assisted",
                CONVERSATION,
                "conversations.enter_assisted",
            ),
            StaffLink(75, "conversations_staff:live", _("Live view"), None, CONVERSATION, "conversations.view_live"),
        )
        # A translator's way in: beside the role in the staff dashboard (the engagement's staff pages are not theirs).
        add_role_links(
            RoleLink(30, frozenset({str(Role.TRANSLATOR)}), "statement_translations:queue", _("Translations"))
        )

        from coproduce.conversations.translating import STATEMENTS
        from coproduce.translations.registry import register

        register(STATEMENTS)
