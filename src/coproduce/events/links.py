"""What the events app adds to lower apps' pages (engagements/registry.py): the engagement's events on its page."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from coproduce.events.models import Event


def engagement_events(page: Any) -> dict[str, Any] | None:
    """The engagement's published events, coming up first; nothing when it has none (one query)."""
    now = timezone.now()
    events = list(Event.objects.filter(engagement=page.engagement, published=True).order_by("starts_at")[:20])
    if not events:
        return None
    return {
        "upcoming_events": [e for e in events if e.ends_at >= now],
        "past_events": [e for e in events if e.ends_at < now],
    }


def network_events(network: Any, organisation_ids: set[int], request: Any) -> dict[str, Any] | None:
    """The network's own published events on its page; nothing when it has none (one query)."""
    now = timezone.now()
    events = list(Event.objects.filter(network=network, published=True).order_by("starts_at")[:20])
    if not events:
        return None
    return {
        "upcoming_events": [e for e in events if e.ends_at >= now],
        "past_events": [e for e in events if e.ends_at < now],
    }
