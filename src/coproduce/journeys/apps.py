from __future__ import annotations

from django.apps import AppConfig


class JourneysConfig(AppConfig):
    name = "coproduce.journeys"
    label = "journeys"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from coproduce.accounts import personal_data as registry
        from coproduce.engagements.registry import OrganisationLink, add_demo_loader, add_organisation_links
        from coproduce.journeys import (
            personal_data,
            rules,  # noqa: F401  (the permissions)
        )
        from coproduce.journeys.demo import load_demo

        # How to export and erase a person's data: see coproduce.accounts.personal_data.
        registry.register("journeys", export=personal_data.export, erase=personal_data.erase)
        add_organisation_links(
            OrganisationLink(80, "journeys_staff:home", _("Journeys: co-production and data maturity")),
            OrganisationLink(85, "journeys_staff:programme", _("Programme: every engagement at a glance")),
        )
        # A network's page, for its coordinators: where its rounds and own actions board are.
        from coproduce.engagements.registry import NETWORK, Section, add_sections
        from coproduce.journeys.staff import network_section

        add_sections(Section(NETWORK, 40, "journeys/_network_section.html", network_section))
        # The Welsh-language compliance pages: an organisation's own frameworks (their names, levels, practices or
        # themes and statements) on its page; those a round of the engagement uses on the engagement's. The platform's frameworks ship in both languages (tests/journeys check the files).
        from django.urls import reverse

        from coproduce.engagements.registry import OrganisationContent, add_organisation_content
        from coproduce.journeys.models import Dimension, Framework, Level, Statement

        def edit(framework, kind="", pk=None):
            args = [framework.organisation.slug, framework.slug]
            if kind:
                return reverse("journeys_staff:framework_part", args=[*args, kind, pk])
            return reverse("journeys_staff:framework_edit", args=args)

        def used_by(engagement, prefix=""):
            return {f"{prefix}rounds__engagement": engagement, f"{prefix}organisation__isnull": False}

        add_organisation_content(
            OrganisationContent(
                60,
                Framework,
                _("Frameworks"),
                of_organisation=lambda o: Framework.objects.filter(organisation=o).select_related("organisation"),
                in_engagement=lambda e: (
                    Framework.objects.filter(**used_by(e)).select_related("organisation").distinct()
                ),
                edit_url=edit,
                where=_("Journeys"),
            ),
            OrganisationContent(
                61,
                Level,
                _("Levels of frameworks"),
                of_organisation=lambda o: Level.objects.filter(framework__organisation=o).select_related(
                    "framework__organisation"
                ),
                in_engagement=lambda e: (
                    Level.objects.filter(**used_by(e, "framework__"))
                    .select_related("framework__organisation")
                    .distinct()
                ),
                edit_url=lambda level: edit(level.framework, "level", level.pk),
                where=_("Journeys"),
            ),
            OrganisationContent(
                62,
                Dimension,
                _("Practices or themes of frameworks"),
                of_organisation=lambda o: Dimension.objects.filter(framework__organisation=o).select_related(
                    "framework__organisation"
                ),
                in_engagement=lambda e: (
                    Dimension.objects.filter(**used_by(e, "framework__"))
                    .select_related("framework__organisation")
                    .distinct()
                ),
                edit_url=lambda dimension: edit(dimension.framework, "dimension", dimension.pk),
                where=_("Journeys"),
            ),
            OrganisationContent(
                63,
                Statement,
                _("Statements of frameworks"),
                of_organisation=lambda o: Statement.objects.filter(dimension__framework__organisation=o).select_related(
                    "dimension__framework__organisation"
                ),
                in_engagement=lambda e: (
                    Statement.objects.filter(**used_by(e, "dimension__framework__"))
                    .select_related("dimension__framework__organisation")
                    .distinct()
                ),
                edit_url=lambda statement: edit(statement.dimension.framework, "statement", statement.pk),
                where=_("Journeys"),
                name_field="text",
            ),
        )
        # Invitations by email and the news that a round is published: through the shared notifications app.
        from coproduce.journeys.notify import RoundNews
        from coproduce.notifications import topics

        topics.register(RoundNews())
        # This app's part of `coproduce demo`, in English and Welsh.
        add_demo_loader(load_demo)
