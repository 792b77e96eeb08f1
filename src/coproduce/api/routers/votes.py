"""Votes: a participant's agree / disagree / pass on a published statement (the latest replaces the earlier)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from coproduce.api.access import conversation_for_reading
from coproduce.api.auth import caller
from coproduce.api.errors import ERRORS, ApiError, detail
from coproduce.api.participation import participant_for_writing
from coproduce.api.ratelimit import limit
from coproduce.api.schemas import VoteIn, VoteOut
from coproduce.conversations import actions
from coproduce.conversations.models import Statement
from coproduce.engagements.models import Feature

router = Router(tags=["votes"])


@router.post("/engagements/{slug}/votes", response={200: VoteOut, **ERRORS}, operation_id="cast_vote",
             summary="Vote on a statement as a participant")
def cast_vote(request: HttpRequest, slug: str, payload: VoteIn):
    """Needs a participant: a participant token, or a browser session (with its CSRF token) that takes part.
    Voting again on the same statement replaces the vote; sending the same vote twice changes nothing."""
    if caller(request).kind not in ("participant_token", "session"):
        if caller(request).kind == "api_key":
            raise ApiError(403, "participants_only", _("Only participants vote: use a participant token, not an API key."))
        raise ApiError(401, "unauthenticated", _("Take part first and send your participant token."))
    limit(request, "api-vote", 120)
    conversation = conversation_for_reading(request, slug)
    participant = participant_for_writing(request, conversation)
    if not conversation.engagement.feature_enabled(Feature.VOTING):
        raise ApiError(403, "voting_closed", _("Voting has closed. Your vote was not saved."))
    statement = conversation.statements.filter(pk=payload.statement, status=Statement.Status.PUBLISHED).first()
    if statement is None:
        raise ApiError(422, "unknown_statement", _("That vote could not be saved: choose a published statement of this engagement."),
                       [detail(_("Not a published statement of this engagement."), "statement")])
    vote = actions.do_cast_vote(participant, statement, payload.value)
    return Status(200, {"statement": statement.pk, "value": vote.value})
