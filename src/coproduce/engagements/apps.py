from __future__ import annotations

from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "coproduce.engagements"
    label = "engagements"

    def ready(self) -> None:
        # How to export and erase a person's data: see coproduce.accounts.personal_data.
        from coproduce.accounts import personal_data as registry
        from coproduce.engagements import personal_data

        registry.register("engagements", export=personal_data.export, erase=personal_data.erase)

        # Staff land on their dashboard after signing in (a `?next=` still wins: allauth reads it first).
        from django.urls import reverse

        from coproduce.accounts.adapter import login_destinations

        def staff_dashboard(user) -> str | None:
            return reverse("staff:dashboard") if user.has_perm("engagements.view_staff_area") else None

        if staff_dashboard.__qualname__ not in {d.__qualname__ for d in login_destinations}:
            login_destinations.append(staff_dashboard)

        from django.utils.translation import gettext_lazy as _

        from coproduce.core import ratelimit
        from coproduce.engagements.models import Engagement, Perspective, Phase
        from coproduce.engagements.participants import browser_key
        from coproduce.engagements.registry import (
            OrganisationLink,
            StaffLink,
            TranslatedContent,
            add_organisation_links,
            add_staff_links,
            add_translated_content,
            admins_only,
        )

        # A browser that takes part is rate-limited on its own, not with everyone on its IP address (core/ratelimit).
        if browser_key not in ratelimit.browser_keys:
            ratelimit.browser_keys.append(browser_key)
        add_staff_links(
            StaffLink(10, "staff:engagement", _("Details"), "details"),
            StaffLink(20, "staff:boundaries", _("Boundaries"), "boundaries"),
            StaffLink(30, "staff:phases", _("Phases"), "phases"),
            StaffLink(40, "staff:perspectives", _("Perspectives"), "perspectives"),
            StaffLink(50, "staff:members", _("Members"), "members"),
            StaffLink(60, "staff:language_compliance", _("Welsh and English"), "languages"),
        )
        # What the engagement itself says, in English and Welsh: the compliance page lists what lacks a language.
        add_translated_content(
            TranslatedContent(
                10,
                Engagement,
                _("Engagement details"),
                "",
                lambda item, engagement: reverse("staff:engagement", args=[engagement.slug]),
                fields=("title", "question", "brief"),
            ),
            TranslatedContent(
                20,
                Engagement,
                _("Boundaries"),
                "",
                lambda item, engagement: reverse("staff:boundaries", args=[engagement.slug]),
                fields=("in_scope", "out_of_scope", "fixed", "budget", "who_decides", "timeline"),
            ),
            TranslatedContent(
                30,
                Phase,
                _("Phases"),
                "engagement",
                lambda item, engagement: reverse("staff:phase_edit", args=[engagement.slug, item.pk]),
                name=("", "description"),
            ),
            TranslatedContent(
                40,
                Perspective,
                _("Perspectives"),
                "engagement",
                lambda item, engagement: reverse("staff:perspective_edit", args=[engagement.slug, item.pk]),
                name=("", "name"),
            ),
        )
        # A person's own pages on the account page, which accounts (below) cannot name: engagements/my_data.py.
        from coproduce.accounts.links import AccountLink, add_account_links

        add_account_links(
            AccountLink(10, "engagements:account_contributions", _("My contributions")),
            AccountLink(20, "engagements:account_data", _("Download or delete my data")),
        )
        add_organisation_links(
            OrganisationLink(10, "staff:engagement_create", _("Create an engagement")),
            OrganisationLink(30, "staff:organisation_members", _("Organisation members and roles"), admins_only),
        )
