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


@register.inclusion_tag("listening/_statement_themes.html")
def statement_themes(statement):
    """The golden thread backwards: the themes from one-to-one listening that a statement takes on."""
    from coproduce.listening.models import Theme

    themes = list(Theme.objects.filter(statements=statement).order_by("name"))
    published = (
        bool(themes)
        and ListeningSettings.objects.filter(engagement_id=themes[0].engagement_id, themes_published=True).exists()
    )
    return {"themes": themes, "published": published, "statement": statement}
