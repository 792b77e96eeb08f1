from __future__ import annotations

from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "coproduce.community"
    label = "community"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        # How to export and erase a person's data: see coproduce.accounts.personal_data.
        from coproduce.accounts import personal_data as registry
        from coproduce.community import links, personal_data

        registry.register("community", export=personal_data.export, erase=personal_data.erase)

        from coproduce.engagements.registry import (
            ENGAGEMENT,
            NETWORK,
            PROPOSAL,
            REPORT,
            OrganisationContent,
            OrganisationLink,
            Section,
            StaffLink,
            add_demo_loader,
            add_organisation_content,
            add_organisation_links,
            add_sections,
            add_staff_links,
        )

        add_staff_links(StaffLink(75, "community_staff:engagement_assets", _("Strengths to draw on"), "assets"))
        add_organisation_links(
            OrganisationLink(40, "community_staff:organisation_assets", _("Asset map")),
            OrganisationLink(45, "community:questions", _("Questions people proposed")),
        )
        add_sections(
            Section(ENGAGEMENT, 40, "community/_engagement_assets.html", links.engagement_section),
            Section(PROPOSAL, 10, "community/_proposal_assets.html", links.proposal_section),
            Section(REPORT, 10, "community/_report_assets.html", links.report_section),
            Section(NETWORK, 5, "community/_network_assets.html", links.network_section),
        )
        # The Welsh-language compliance pages: the assets staff wrote (a person's own offer keeps its language, as
        # anything participants write), all of an organisation's, and on an engagement's page those it draws on.
        from django.urls import reverse

        from coproduce.community.models import TEXT_FIELDS_STAFF_WRITE, Asset

        add_organisation_content(
            OrganisationContent(
                10,
                Asset,
                _("Assets of the asset map"),
                of_organisation=lambda organisation: Asset.objects.filter(
                    organisation=organisation, holder_user__isnull=True
                ),
                in_engagement=lambda engagement: Asset.objects.filter(
                    engagement_links__engagement=engagement, holder_user__isnull=True
                ),
                edit_url=lambda asset: reverse("community_staff:asset_edit", args=[asset.pk]),
                where=_("The asset map"),
                fields=TEXT_FIELDS_STAFF_WRITE,
            )
        )
        # This app's part of `coproduce demo`: the asset map of the demo valley, in English and Welsh.
        from coproduce.community.demo import load_demo

        add_demo_loader(load_demo)
