"""Votes: a participant's agree / disagree / pass on a published statement (the latest replaces the earlier)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Router, Status

from coproduce.api.auth import caller
from coproduce.api.errors import ERRORS, WRITE_ERRORS, ApiError
from coproduce.api.participation import refusals
from coproduce.api.ratelimit import limit
from coproduce.api.schemas import MyVotesOut, NextStatementOut, VoteIn, VoteOut
from coproduce.conversations import actions
from coproduce.conversations.access import voter
from coproduce.conversations.ballot import VotingPlace, voting_place
from coproduce.conversations.models import Statement, Vote
from coproduce.conversations.routing import next_turn, routing_priorities
from coproduce.engagements.models import Participant
from coproduce.translations.reading import versions

router = Router(tags=["votes"])


def _voter(request: HttpRequest, slug: str) -> tuple[VotingPlace, Participant]:
    """The place and the voter, as the vote page reads them (one statement: conversations.ballot). What the
    caller may not see is a 404 (the API's Http404 handler), as everywhere."""
    if caller(request).kind not in ("participant_token", "session"):
        if caller(request).kind == "api_key":
            raise ApiError(
                403, "participants_only", _("Only participants vote: use a participant token, not an API key.")
            )
        raise ApiError(401, "unauthenticated", _("Take part first and send your participant token."))
    place = voting_place(request, slug)
    with refusals():
        return place, voter(request, place)


@router.get(
    "/engagements/{slug}/votes",
    response={200: MyVotesOut, **ERRORS},
    operation_id="list_my_votes",
    summary=gettext_noop("Your own votes in an engagement (as a participant)"),
)
def list_my_votes(request: HttpRequest, slug: str):
    _place, participant = _voter(request, slug)
    votes = Vote.objects.filter(participant=participant, statement__status=Statement.Status.PUBLISHED).order_by(
        "statement_id"
    )
    return {"items": [{"statement": sid, "value": value} for sid, value in votes.values_list("statement_id", "value")]}


@router.get(
    "/engagements/{slug}/next-statement",
    response={200: NextStatementOut, **ERRORS},
    operation_id="next_statement",
    summary=gettext_noop("The statement to show a participant next"),
)
def get_next_statement(request: HttpRequest, slug: str):
    """Chosen as the vote page chooses it (statements the analysis most needs votes on come first)."""
    place, participant = _voter(request, slug)
    turn = next_turn(place.conversation, participant, routing_priorities(place.conversation))
    statement = turn.statement
    both = versions(statement) if statement else {}
    return {
        "statement": {
            "id": statement.pk,
            "text": statement.text,
            "language": statement.language,
            "text_en": both["en"],
            "text_cy": both["cy"],
            "origin": statement.origin,
        }
        if statement
        else None,
        "voted": turn.voted,
        "remaining": turn.remaining,
    }


@router.post(
    "/engagements/{slug}/votes",
    response={200: VoteOut, **WRITE_ERRORS},
    operation_id="cast_vote",
    summary=gettext_noop("Vote on a statement as a participant"),
)
def cast_vote(request: HttpRequest, slug: str, payload: VoteIn):
    """Needs a participant: a participant token, or a browser session (with its CSRF token) that takes part.
    Voting again on the same statement replaces the vote; sending the same vote twice changes nothing."""
    if caller(request).kind in ("participant_token", "session"):
        limit(request, "api-vote", 120)
    place, participant = _voter(request, slug)
    with refusals():
        statement = actions.do_vote_as_participant(place, participant, payload.statement, payload.value)
    return Status(200, {"statement": statement.pk, "value": payload.value})
