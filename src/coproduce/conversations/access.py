"""Accessors for the conversation: fetch, check, and say why not."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from coproduce.conversations.models import Conversation
from coproduce.engagements.access import engagement_for_managing, engagement_for_viewing
from coproduce.engagements.models import Engagement, Feature


# The conversation comes in the engagement's own query (one-to-one) and the phases, which say what is open, in one
# more. Perspectives are not prefetched: the conversation pages that show them read them once (a query either way),
# and the busiest request, a vote, never does.
ENGAGEMENTS = Engagement.objects.select_related("organisation", "conversation").prefetch_related("phases")


def conversation_of(engagement: Engagement) -> Conversation:
    try:
        conversation = engagement.conversation  # no query when fetched with the engagement (ENGAGEMENTS)
    except Conversation.DoesNotExist:
        conversation, _created = Conversation.objects.get_or_create(engagement=engagement)
    conversation.engagement = engagement  # keep the prefetched phases
    return conversation


def conversation_for_viewing(request: HttpRequest, slug: str, engagements=ENGAGEMENTS) -> Conversation:
    return conversation_of(engagement_for_viewing(request, slug, engagements))


def conversation_for_managing(request: HttpRequest, slug: str) -> Conversation:
    return conversation_of(engagement_for_managing(request, slug, ENGAGEMENTS))


def results_visible(request: HttpRequest, conversation: Conversation) -> bool:
    engagement = conversation.engagement
    return engagement.feature_enabled(Feature.RESULTS) or engagement.feature_enabled(Feature.VOTING) or request.user.has_perm(
        "conversations.see_results_early", engagement
    )


def require(condition: bool) -> None:
    if not condition:
        raise Http404
