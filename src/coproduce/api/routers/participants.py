"""Taking part through the API: agree to the privacy notice, get a participant token."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Router, Status

from coproduce.api.access import engagement_for_reading
from coproduce.api.auth import require_write_key_or
from coproduce.api.errors import WRITE_ERRORS, ApiError, detail
from coproduce.api.ratelimit import limit
from coproduce.api.routers.engagements import ENGAGEMENTS
from coproduce.api.schemas import JoinIn, JoinOut
from coproduce.conversations.access import conversation_of
from coproduce.engagements import actions
from coproduce.engagements.models import Engagement
from coproduce.engagements.participants import current_participant, make_token, participant_ids_from_cookie
from coproduce.engagements.views import TAKING_PART_FEATURES

router = Router(tags=["participants"])


def _by_link(slug: str, link_key: str | None):
    """A link-only engagement, for whoever holds its link (as /join/<key>/ lets a browser in); never a private one."""
    if not link_key:
        return None
    return ENGAGEMENTS.filter(slug=slug, access_key=link_key, visibility=Engagement.Visibility.LINK).first()


# OpenAPI links: what a client does with the token next. They document the flow, and let a stateful client (and
# schemathesis's stateful run) go on from a join to the participant's own operations.
_AS_PARTICIPANT = {"path.slug": "$response.body#/engagement", "header.X-Participant-Token": "$response.body#/token"}
JOIN_LINKS = {
    "CastVote": {
        "operationId": "cast_vote",
        "parameters": _AS_PARTICIPANT,
        "description": "Vote on the engagement's statements with the token.",
    },
    "WriteStatement": {
        "operationId": "write_statement",
        "parameters": _AS_PARTICIPANT,
        "description": "Write a statement with the token.",
    },
    "NextStatement": {
        "operationId": "next_statement",
        "parameters": _AS_PARTICIPANT,
        "description": "The statement to show next.",
    },
    "ListMyVotes": {
        "operationId": "list_my_votes",
        "parameters": _AS_PARTICIPANT,
        "description": "The participant's own votes.",
    },
}


@router.post(
    "/engagements/{slug}/participants",
    response={201: JoinOut, **WRITE_ERRORS},
    operation_id="join_engagement",
    summary=gettext_noop("Take part: agree to the privacy notice and get a participant token"),
    openapi_extra={"responses": {201: {"links": JOIN_LINKS}}},
)
def join_engagement(request: HttpRequest, slug: str, payload: JoinIn):
    """Anyone who may see the engagement can take part while a phase for taking part is open (organisation API
    keys need the write scope). The answer holds a participant token: send it as `X-Participant-Token` to vote and
    write statements. A token already sent with this request is extended, so one token can serve several
    engagements. Signed-in browsers take part with their account. A link-only engagement needs `link_key`, the
    key at the end of its link; the token then opens it as the link opens it for a browser."""
    c = require_write_key_or(request, "anonymous", "participant_token", "session")
    limit(request, "api-join", 60)
    engagement = _by_link(slug, payload.link_key) or engagement_for_reading(request, slug, ENGAGEMENTS)
    if not payload.consent:
        raise ApiError(
            422,
            "consent_required",
            _("Agree to the privacy notice to take part."),
            [detail(_("Must be true."), "consent")],
        )
    if not engagement.enabled_features() & TAKING_PART_FEATURES:
        raise ApiError(403, "not_open", _("This engagement is not open for taking part at the moment."))
    conversation = conversation_of(engagement)
    if conversation.require_account and not request.user.is_authenticated:
        raise ApiError(403, "account_required", _("Sign in to take part in this engagement."))
    perspective = None
    if payload.perspective is not None:
        perspective = next((p for p in engagement.perspectives.all() if p.pk == payload.perspective), None)
        if perspective is None:
            raise ApiError(
                422,
                "unknown_perspective",
                _("Choose one of this engagement’s perspectives."),
                [detail(_("Not a perspective of this engagement."), "perspective")],
            )
    existing = current_participant(request, engagement) if c.kind != "api_key" else None
    participant = actions.do_join_engagement(
        engagement, user=request.user, perspective=perspective, participant=existing
    )
    ids = [pid for pid in participant_ids_from_cookie(request) if pid != participant.public_id] + [
        participant.public_id
    ]
    return Status(
        201,
        {
            "token": make_token(ids),
            "perspective": perspective.pk if perspective else None,
            "engagement": engagement.slug,
        },
    )
