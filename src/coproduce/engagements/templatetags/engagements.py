"""The tags through which engagements' pages (and the lower apps' pages) show what the apps above add to them
(coproduce.engagements.registry), so that no template names a higher app's URL or loads its tags."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

from coproduce.engagements import registry
from coproduce.engagements.registry import EngagementPage, StaffOrganisation

register = template.Library()


@register.simple_tag
def engagement_staff_links(engagement: Any) -> list[dict[str, Any]]:
    """The engagement's staff navigation: every app's pages, added through engagements.registry."""
    return [
        {"url": reverse(link.url_name, args=[engagement.slug]), "label": link.label, "section": link.section}
        for link in registry.staff_links
    ]


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
