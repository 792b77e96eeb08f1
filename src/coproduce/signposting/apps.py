from __future__ import annotations

from django.apps import AppConfig


class SignpostingConfig(AppConfig):
    name = "coproduce.signposting"
    label = "signposting"

    def ready(self) -> None:
        # How to export and erase a person's data: see coproduce.accounts.personal_data.
        from coproduce.accounts import personal_data as registry
        from coproduce.signposting import personal_data

        registry.register("signposting", export=personal_data.export, erase=personal_data.erase)

        from django.utils.translation import gettext_lazy as _

        from coproduce.engagements.models import Role
        from coproduce.engagements.registry import (
            LISTEN,
            LISTENING_CONVERSATION,
            NETWORK,
            OrganisationLink,
            RoleLink,
            Section,
            StaffLink,
            add_demo_loader,
            add_organisation_links,
            add_role_links,
            add_sections,
            add_staff_links,
            admins_only,
        )
        from coproduce.signposting import links

        add_staff_links(
            StaffLink(
                85,
                "signposting_staff:overview",
                _("Signposting"),
                "signposting",
                group=LISTEN,
                permission="signposting.view_figures",
            )
        )
        add_sections(
            Section(LISTENING_CONVERSATION, 10, "signposting/_conversation.html", links.conversation_section),
            Section(NETWORK, 10, "signposting/_network.html", links.network_section),
        )
        add_organisation_links(
            OrganisationLink(70, "signposting_staff:import", _("Services directory"), admins_only),
        )
        add_role_links(
            RoleLink(
                30,
                frozenset({str(Role.SPOKESPERSON), str(Role.MENTOR)}),
                "signposting_staff:overview",
                _("Signposting"),
            ),
        )
        # This app's part of `coproduce demo`, in English and Welsh.
        from coproduce.signposting.demo import load_demo

        add_demo_loader(load_demo)
