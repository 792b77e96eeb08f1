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

        # What they gave and what became of it: "My contributions" (coproduce.engagements.contributions).
        from coproduce.engagements.contributions import add_kinds, add_outcome_sources
        from coproduce.proposals import contributions

        add_kinds(*contributions.KINDS)
        add_outcome_sources(*contributions.SOURCES)

        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from coproduce.engagements.registry import (
            CODESIGN,
            ENGAGEMENT,
            STATEMENT_ANSWERS,
            Section,
            StaffLink,
            TranslatedContent,
            add_demo_loader,
            add_sections,
            add_staff_links,
            add_translated_content,
        )
        from coproduce.proposals import links
        from coproduce.proposals.models import Decision, ExpertInput, Proposal

        add_staff_links(
            StaffLink(90, "proposals_staff:proposals", _("Proposals"), "proposals", CODESIGN, "proposals.manage"),
            StaffLink(
                92, "proposals_staff:proposal_new", _("Write a proposal"), None, CODESIGN, "proposals.write_as_staff"
            ),
            StaffLink(
                95,
                "proposals_staff:prioritisation",
                _("Prioritisation"),
                "prioritisation",
                CODESIGN,
                "proposals.manage",
            ),
            StaffLink(
                100, "proposals_staff:decision_new", _("Record a decision"), "decisions", CODESIGN, "proposals.manage"
            ),
        )
        add_sections(
            Section(ENGAGEMENT, 20, "proposals/_engagement_links.html", links.engagement_section),
            Section(STATEMENT_ANSWERS, 10, "proposals/_answering.html", links.statement_answers),
        )
        # Hidden proposals are read by nobody; a participant's draft will be, once a facilitator opens it.
        add_translated_content(
            TranslatedContent(
                50,
                Proposal,
                _("Proposals"),
                "engagement",
                lambda item, engagement: reverse("proposals_staff:proposal_texts", args=[engagement.slug, item.pk]),
                only=lambda rows: rows.filter(is_hidden=False),
            ),
            TranslatedContent(
                60,
                ExpertInput,
                _("Expert input"),
                "proposal__engagement",
                lambda item, engagement: reverse("proposals_staff:expert_input_texts", args=[engagement.slug, item.pk]),
                name=("proposal", "title"),
                only=lambda rows: rows.filter(proposal__is_hidden=False),
            ),
            TranslatedContent(
                70,
                Decision,
                _("Decisions"),
                "engagement",
                lambda item, engagement: reverse("proposals_staff:decision_texts", args=[engagement.slug, item.pk]),
            ),
        )
        # This app's part of `coproduce demo`, in English and Welsh.
        from coproduce.proposals.demo import load_demo

        add_demo_loader(load_demo)
