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
        from coproduce.engagements.participants import browser_key
        from coproduce.engagements.registry import (
            OrganisationLink,
            StaffLink,
            add_organisation_links,
            add_staff_links,
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
        )
        add_organisation_links(
            OrganisationLink(10, "staff:engagement_create", _("Create an engagement")),
            OrganisationLink(30, "staff:organisation_members", _("Organisation members and roles"), admins_only),
        )
