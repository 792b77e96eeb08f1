"""Accessors for the conversation: fetch, check, and say why not."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from coproduce.conversations.models import Conversation
from coproduce.engagements.access import engagement_for_managing, engagement_for_viewing
from coproduce.engagements.models import Engagement, Feature


def conversation_of(engagement: Engagement) -> Conversation:
    conversation, _created = Conversation.objects.get_or_create(engagement=engagement)
    conversation.engagement = engagement  # keep the prefetched phases and perspectives
    return conversation


def conversation_for_viewing(request: HttpRequest, slug: str) -> Conversation:
    return conversation_of(engagement_for_viewing(request, slug))


def conversation_for_managing(request: HttpRequest, slug: str) -> Conversation:
    return conversation_of(engagement_for_managing(request, slug))


def results_visible(request: HttpRequest, conversation: Conversation) -> bool:
    engagement = conversation.engagement
    return engagement.feature_enabled(Feature.RESULTS) or engagement.feature_enabled(Feature.VOTING) or request.user.has_perm(
        "conversations.see_results_early", engagement
    )


def require(condition: bool) -> None:
    if not condition:
        raise Http404
