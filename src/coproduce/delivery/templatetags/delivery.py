"""Template tags of the delivery pages. What delivery adds to other apps' pages is in links.py."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    """mapping[key], or None: for per-action summaries computed in one query."""
    return mapping.get(key) if mapping else None
