from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from coproduce.engagements.registry import staff_links

register = template.Library()


@register.simple_tag
def engagement_staff_links(engagement: Any) -> list[dict[str, Any]]:
    """The engagement's staff navigation: every app's pages, added through engagements.registry."""
    return [
        {"url": reverse(link.url_name, args=[engagement.slug]), "label": link.label, "section": link.section}
        for link in staff_links
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
