"""Accessors for proposals: fetch, check, and say why not (404 for what may not be seen, 403 for what may not change)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from coproduce.conversations.access import engagement_participant_or_redirect
from coproduce.engagements.models import Engagement, Participant
from coproduce.engagements.participants import current_participant
from coproduce.proposals.models import Proposal
from coproduce.proposals.scoring import priorities_public


@dataclass
class Author:
    """Who writes: a consenting participant, or a member of staff writing under their own name."""

    participant: Participant | None = None
    user: Any | None = None  # a User

    def owns(self, obj) -> bool:
        if self.user is not None and obj.author_user_id is not None:
            return obj.author_user_id == self.user.pk
        if self.participant is not None and obj.author_participant_id is not None:
            return obj.author_participant_id == self.participant.pk
        return False


def author_or_redirect(request: HttpRequest, engagement: Engagement):
    """(Author, None) when this person may write in the engagement, else (None, a redirect to take part or sign in)."""
    if request.user.has_perm("proposals.write_as_staff", engagement):
        return Author(user=request.user), None
    participant, redirect_response = engagement_participant_or_redirect(request, engagement)
    return (Author(participant=participant), None) if redirect_response is None else (None, redirect_response)


def viewer(request: HttpRequest, engagement: Engagement) -> Author:
    """Who is looking (for "your draft", "amend"): never redirects."""
    if request.user.has_perm("proposals.write_as_staff", engagement):
        return Author(user=request.user)
    return Author(participant=current_participant(request, engagement))


def proposal_for_viewing(request: HttpRequest, engagement: Engagement, pk: int, proposals=None) -> Proposal:
    """A proposal of this engagement that this person may see: hidden ones never (except managers); drafts and
    suggested options waiting for a facilitator only to their author and the managers."""
    proposal = get_object_or_404(
        (proposals if proposals is not None else Proposal.objects).filter(engagement=engagement), pk=pk
    )
    proposal.engagement = engagement  # keep the prefetched phases
    if request.user.has_perm("proposals.manage", engagement):
        return proposal
    if proposal.is_hidden:
        raise Http404
    if proposal.status == Proposal.Status.DRAFT and not viewer(request, engagement).owns(proposal):
        raise Http404
    return proposal


def priorities_visible(request: HttpRequest, engagement: Engagement) -> bool:
    """Whether the priorities (prioritisation results) may be shown to this request: to everyone once they are public
    (scoring.priorities_public), and to the engagement's managers at any time. The rule of the priorities page, for
    every place that shows them (the page, the API)."""
    return priorities_public(engagement, frozenset(engagement.enabled_features())) or request.user.has_perm(
        "proposals.manage", engagement
    )
