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
