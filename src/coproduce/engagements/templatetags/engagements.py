"""The tags through which engagements' pages (and the lower apps' pages) show what the apps above add to them
(coproduce.engagements.registry), so that no template names a higher app's URL or loads its tags."""

from __future__ import annotations

from typing import Any

import rules
from django import template
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from coproduce.engagements import registry
from coproduce.engagements.registry import EngagementPage, StaffOrganisation

register = template.Library()


@register.inclusion_tag("staff/_nav.html", takes_context=True)
def staff_navigation(context: template.Context, engagement: Any = None, organisation: Any = None) -> dict[str, Any]:
    """The one staff navigation of every staff page: the engagement's pages in the groups of the cycle
    (registry.STAFF_GROUPS), each shown to whoever has its permission, then the organisation's pages
    (OrganisationLink) for its managers, and the platform's for platform admins. The current page is the link to
    this address, or else the one whose `section` the page names. Roles are cached per request, so the
    permissions cost one or two queries, whatever the number of links."""
    request = context["request"]
    user = request.user
    section = context.get("section")
    groups: list[dict[str, Any]] = []
    if engagement is not None:
        organisation = engagement.organisation
        by_group: dict[str, list[dict[str, Any]]] = {}
        for link in registry.staff_links:
            if user.has_perm(link.permission, engagement):
                url = reverse(link.url_name, args=[engagement.slug])
                by_group.setdefault(link.group, []).append({"url": url, "label": link.label, "section": link.section})
        groups = [{"label": label, "links": by_group[key]} for key, label in registry.STAFF_GROUPS if key in by_group]
    # The organisation's pages, for whoever manages it (its managers may create engagements in it); the platform's
    # for platform admins (rules' own check: Django's model backend would read the account's permission tables).
    if organisation is not None and user.has_perm("engagements.create_engagement", organisation):
        entry = StaffOrganisation(organisation, user.has_perm("engagements.manage_organisation_members", organisation))
        links = [
            {"url": reverse(link.url_name, args=[organisation.slug]), "label": link.label, "section": None}
            for link in registry.organisation_links
            if link.shown(entry)
        ]
        if links:
            groups.append({"label": _("Organisation"), "links": links})
    if rules.has_perm("engagements.create_organisation", user):
        url = reverse("staff:organisation_create")
        groups.append({"label": _("Platform"), "links": [{"url": url, "label": _("Create an organisation")}]})
    # One current page: the link to this very address, or else the one of the page's section.
    every = [link for group in groups for link in group["links"]]
    current = next((link for link in every if link["url"] == request.path), None) or next(
        (link for link in every if section and link.get("section") == section), None
    )
    if current is not None:
        current["current"] = True
    return {
        "engagement": engagement,
        "groups": groups,
        "dashboard_url": reverse("staff:dashboard"),
        "on_dashboard": request.path == reverse("staff:dashboard"),
    }


@register.simple_tag(takes_context=True)
def engagement_links(context: template.Context, place: str, page: Any) -> list[dict[str, Any]]:
    """The links of a place on an engagement's public page ({"url", "label"} each). `page` is the EngagementPage
    the view made (it knows the participant and the features already), or the engagement itself."""
    if not isinstance(page, EngagementPage):
        page = EngagementPage(context["request"], page)
    return registry.links_for(place, page)


@register.simple_tag(takes_context=True)
def sections(context: template.Context, place: str, **objects: Any) -> SafeString:
    """What the apps above add to a place of this page, each from its own template."""
    return registry.render_sections(context, place, **objects)


@register.simple_tag
def organisation_links(organisation: Any, admin_of: Any) -> list[dict[str, Any]]:
    """An organisation's links in the staff dashboard; `admin_of` holds the ids of the organisations this person
    administers (read once by the dashboard)."""
    entry = StaffOrganisation(organisation, organisation.pk in admin_of)
    return [
        {"url": reverse(link.url_name, args=[organisation.slug]), "label": link.label}
        for link in registry.organisation_links
        if link.shown(entry)
    ]


@register.simple_tag
def role_links(membership: Any) -> list[dict[str, Any]]:
    """The links beside an engagement role in the staff dashboard's "Your roles"."""
    return [
        {"url": reverse(link.url_name, args=[membership.engagement.slug]), "label": link.label}
        for link in registry.role_links
        if membership.role in link.roles
    ]


@register.inclusion_tag("staff/_language_counts.html")
def language_counts(engagements: Any, organisations: Any, admin_of: Any) -> dict[str, Any]:
    """The staff dashboard's Welsh-language block: per engagement, how many items miss their Welsh or English
    (one query per kind of content, whatever the number of engagements); the organisations' pages for admins."""
    from coproduce.engagements import compliance

    engagements = list(engagements)
    counts = compliance.gap_counts([engagement.pk for engagement in engagements])
    empty = {"en": 0, "cy": 0}
    return {
        "rows": [(engagement, counts.get(engagement.pk, empty)) for engagement in engagements],
        "organisations": [organisation for organisation in organisations if organisation.pk in admin_of],
    }
