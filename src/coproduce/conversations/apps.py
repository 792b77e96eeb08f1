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

        from django.utils.translation import gettext_lazy as _

        from coproduce.conversations.demo import load_demo
        from coproduce.engagements.registry import StaffLink, add_demo_loader, add_staff_links

        add_demo_loader(load_demo)
        add_staff_links(
            StaffLink(60, "conversations_staff:statements", _("Statements and moderation"), "statements"),
            StaffLink(65, "statement_translations:queue", _("Translations"), "translations"),
            StaffLink(70, "conversations_staff:assisted", _("Assisted entry"), "assisted"),
            StaffLink(120, "conversations_staff:live", _("Live view")),
        )

        from coproduce.conversations.translating import STATEMENTS
        from coproduce.translations.registry import register

        register(STATEMENTS)
