from __future__ import annotations

from django import template

from coproduce.listening.models import ListeningSettings

register = template.Library()


@register.inclusion_tag("listening/_engagement_links.html", takes_context=True)
def listening_links(context, engagement):
    """Links from the public engagement page: the published themes board, and the listening pages for staff."""
    user = context["request"].user
    return {
        "engagement": engagement,
        "themes_published": ListeningSettings.objects.filter(engagement=engagement, themes_published=True).exists(),
        "can_listen": user.has_perm("listening.list_conversations", engagement),
    }
