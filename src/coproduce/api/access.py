"""The API's accessors: the pages' own checks (engagements.access, conversations.access) plus API keys.

An organisation's API key reads everything of its own organisation (as its admins do) and what is public of
others; everyone else gets exactly what the pages would give them. What may not be seen answers 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from coproduce.api.auth import caller
from coproduce.api.errors import not_found
from coproduce.conversations.access import ENGAGEMENTS, conversation_of, results_visible
from coproduce.conversations.models import Conversation
from coproduce.engagements.access import SESSION_LINK_KEYS, engagement_for_viewing
from coproduce.engagements.models import Engagement, Membership
from coproduce.engagements.participants import participant_ids_from_cookie


def engagement_for_reading(request: HttpRequest, slug: str, engagements: QuerySet = ENGAGEMENTS) -> Engagement:
    c = caller(request)
    if c.kind == "api_key":
        engagement = engagements.filter(slug=slug).first()
        if engagement is None or not (
            engagement.organisation_id == c.organisation_id or engagement.visibility == Engagement.Visibility.PUBLIC
        ):
            raise not_found()
        return engagement
    try:
        return engagement_for_viewing(request, slug, engagements)
    except Http404:
        raise not_found() from None


def conversation_for_reading(request: HttpRequest, slug: str) -> Conversation:
    return conversation_of(engagement_for_reading(request, slug))


def is_own_organisation_key(request: HttpRequest, engagement: Engagement) -> bool:
    return caller(request).organisation_id == engagement.organisation_id


def results_readable(request: HttpRequest, conversation: Conversation) -> bool:
    """What the results page allows, and for an organisation's own key what its admins may see."""
    return is_own_organisation_key(request, conversation.engagement) or results_visible(request, conversation)


def visible_engagements(request: HttpRequest, engagements: QuerySet) -> QuerySet:
    """The engagements the caller may see, as one query (the set form of engagement_for_reading)."""
    c = caller(request)
    visible = Q(visibility=Engagement.Visibility.PUBLIC)
    if c.kind == "api_key":
        return engagements.filter(visible | Q(organisation_id=c.organisation_id))
    user = request.user
    if user.is_authenticated:
        org_wide = Membership.objects.filter(user=user, engagement__isnull=True).values("organisation")
        visible |= Q(organisation__in=org_wide) | Q(memberships__user=user) | Q(participants__user=user)
    link_keys = (
        request.session.get(SESSION_LINK_KEYS, []) if hasattr(request, "session") and c.kind == "session" else []
    )
    participant_ids = participant_ids_from_cookie(request)
    visible |= Q(visibility=Engagement.Visibility.LINK) & (
        Q(access_key__in=link_keys) | Q(participants__public_id__in=participant_ids)
    )
    ids = engagements.model.objects.filter(visible).values("pk")
    return engagements.filter(pk__in=ids)
