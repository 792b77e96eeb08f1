"""Accessors for the conversation: fetch, check, and say why not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from coproduce.conversations.models import Conversation
from coproduce.engagements.access import can_view, engagement_for_managing, engagement_for_viewing
from coproduce.engagements.models import Engagement, Feature, Participant
from coproduce.engagements.participants import participant_for_writing, participant_or_redirect

if TYPE_CHECKING:
    from coproduce.conversations.ballot import VotingPlace


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


def conversation_for_translating(request: HttpRequest, slug: str) -> Conversation:
    """For the translation queue: facilitators, organisation admins and the engagement's translators (404 to
    whoever may not see the engagement, 403 to whoever may see it but not translate)."""
    engagement = get_object_or_404(ENGAGEMENTS, slug=slug)
    if not request.user.has_perm("conversations.translate", engagement):
        if can_view(request, engagement):
            raise PermissionDenied
        raise Http404
    return conversation_of(engagement)


def account_required(engagement: Engagement) -> bool:
    """The engagement's account requirement, which its conversation holds. No query when the conversation was
    fetched with the engagement (ENGAGEMENTS, and the proposals' and delivery's own); False with no conversation yet."""
    conversation = getattr(engagement, "conversation", None)  # RelatedObjectDoesNotExist is an AttributeError
    return bool(conversation is not None and conversation.require_account)


def engagement_participant_or_redirect(request: HttpRequest, engagement: Engagement):
    """participant_or_redirect with the engagement's own account requirement: for the pages of the apps above
    conversations (choosing, spreading dots, writing a proposal, giving feedback), which act on the engagement."""
    return participant_or_redirect(request, engagement, require_account=account_required(engagement))


class StatementsClosed(Exception):
    """Participants may not write statements now: the conversation does not let them, or no phase is open for it."""


def writing_open(conversation: Conversation) -> bool:
    return conversation.participants_can_write and conversation.engagement.feature_enabled(Feature.STATEMENTS)


def statement_writer(request: HttpRequest, conversation: Conversation) -> Participant:
    """Who writes a statement, for the write page and the API: raises StatementsClosed first (whoever asks is told
    writing is not open), then NeedsAccount or NeedsToTakePart (coproduce.engagements.participants)."""
    if not writing_open(conversation):
        raise StatementsClosed
    return participant_for_writing(request, conversation.engagement, require_account=conversation.require_account)


def voting_open(place: VotingPlace) -> bool:
    return Feature.VOTING in place.features


def voter(request: HttpRequest, place: VotingPlace) -> Participant:
    """Who votes, for the vote page and the API, from what voting_place read in its one statement (no query):
    raises NeedsAccount or NeedsToTakePart. Whether voting is open is the vote's own check (actions.do_vote_as_participant)."""
    return participant_for_writing(
        request, place.engagement, require_account=place.require_account, participant=place.voter
    )


def results_public(conversation: Conversation) -> bool:
    """Whether everyone who can see the engagement sees the results: once they have been published, or while people
    vote (results appear as they do)."""
    engagement = conversation.engagement
    return Feature.RESULTS in engagement.published_features() or engagement.feature_enabled(Feature.VOTING)


def results_visible(request: HttpRequest, conversation: Conversation) -> bool:
    return results_public(conversation) or request.user.has_perm(
        "conversations.see_results_early", conversation.engagement
    )


def require(condition: bool) -> None:
    if not condition:
        raise Http404
