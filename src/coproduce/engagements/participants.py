"""Pseudonymous participants: the browser keeps a signed token naming its participant records.

The token is signed with SECRET_KEY (django.core.signing), so it cannot be forged or altered, and holds only
random participant ids: nothing personal. One cookie serves every engagement the browser takes part in.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

COOKIE_NAME = "coproduce_participant"
SALT = "coproduce.participant"
MAX_AGE = 365 * 24 * 60 * 60
MAX_IDS = 50  # keeps the cookie well under browsers' size limits


def participant_ids_from_cookie(request: HttpRequest) -> list[uuid.UUID]:
    cached = getattr(request, "_participant_ids", None)
    if cached is not None:
        return cached
    ids: list[uuid.UUID] = []
    raw = request.COOKIES.get(COOKIE_NAME)
    if raw:
        try:
            ids = [uuid.UUID(value) for value in signing.loads(raw, salt=SALT, max_age=MAX_AGE)]
        except (signing.BadSignature, ValueError, TypeError):
            ids = []
    request._participant_ids = ids
    return ids


def browser_key(request: HttpRequest) -> str | None:
    """The first participant this browser's signed token names, for the rate limit (core.ratelimit.client_key)."""
    participant_ids = participant_ids_from_cookie(request)
    return str(participant_ids[0]) if participant_ids else None


def make_token(participant_ids: list[uuid.UUID]) -> str:
    return signing.dumps([str(pid) for pid in participant_ids[-MAX_IDS:]], salt=SALT)


def remember_participant(request: HttpRequest, response: HttpResponse, participant) -> None:
    ids = [pid for pid in participant_ids_from_cookie(request) if pid != participant.public_id]
    ids.append(participant.public_id)
    response.set_cookie(
        COOKIE_NAME,
        make_token(ids),
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG,
    )


def current_participant(request: HttpRequest, engagement):
    """The participant record this browser or account uses in the engagement, or None."""
    from coproduce.engagements.models import Participant

    if request.user.is_authenticated:
        own = Participant.objects.filter(engagement=engagement, user=request.user).first()
        if own is not None:
            return own
    ids = participant_ids_from_cookie(request)
    if not ids:
        return None
    return Participant.objects.filter(engagement=engagement, public_id__in=ids).select_related("perspective").first()
