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

        def content(order, model, label, to_framework="", kind="", **options):
            """One row kind of the compliance pages: ``to_framework`` is the lookup path from ``model`` to its
            Framework ("" for a framework itself), ``kind`` the part's name in the editing URL."""
            owner = f"{to_framework}organisation"

            def framework_of(obj):
                for step in to_framework.split("__")[:-1]:
                    obj = getattr(obj, step)
                return obj

            return OrganisationContent(
                order,
                model,
                label,
                of_organisation=lambda o: model.objects.filter(**{owner: o}).select_related(owner),
                in_engagement=lambda e: (
                    model.objects.filter(**{f"{to_framework}rounds__engagement": e, f"{owner}__isnull": False})
                    .select_related(owner)
                    .distinct()
                ),
                edit_url=lambda obj: edit(framework_of(obj), kind, obj.pk if kind else None),
                where=_("Journeys"),
                **options,
            )

        add_organisation_content(
            content(60, Framework, _("Frameworks")),
            content(61, Level, _("Levels of frameworks"), "framework__", "level"),
            content(62, Dimension, _("Practices or themes of frameworks"), "framework__", "dimension"),
            content(
                63, Statement, _("Statements of frameworks"), "dimension__framework__", "statement", name_field="text"
            ),
        )
        # Invitations by email and the news that a round is published: through the shared notifications app.
        from coproduce.journeys.notify import RoundNews
        from coproduce.notifications import topics

        topics.register(RoundNews())
        # This app's part of `coproduce demo`, in English and Welsh.
        add_demo_loader(load_demo)
