"""Pseudonymous participants: the browser keeps a signed token naming its participant records.

The token is signed with SECRET_KEY (django.core.signing), so it cannot be forged or altered, and holds only
random participant ids: nothing personal. One cookie serves every engagement the browser takes part in.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

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


def _set_token(response: HttpResponse, participant_ids: list[uuid.UUID]) -> None:
    """This browser's signed token, naming these participant records."""
    response.set_cookie(
        COOKIE_NAME,
        make_token(participant_ids),
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG,
    )


def remember_participant(request: HttpRequest, response: HttpResponse, participant) -> None:
    ids = [pid for pid in participant_ids_from_cookie(request) if pid != participant.public_id]
    ids.append(participant.public_id)
    _set_token(response, ids)


def forget_participants(request: HttpRequest, response: HttpResponse, public_ids) -> None:
    """Take participant records out of this browser's token (after their data was deleted): the cookie goes when it
    names nothing else, and keeps the browser's other engagements otherwise."""
    ids = [pid for pid in participant_ids_from_cookie(request) if pid not in set(public_ids)]
    if not ids:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
        return
    _set_token(response, ids)


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


class NotTakingPart(Exception):
    """Why a request may not act as a participant of an engagement. The pages turn it into a redirect
    (participant_or_redirect), the API into a 403 with its own code (coproduce.api.participation)."""


class NeedsAccount(NotTakingPart):
    """The engagement asks participants to sign in, and this request is not signed in."""


class NeedsToTakePart(NotTakingPart):
    """This browser or account has no participant record in the engagement, or one without consent."""


_LOOK_IT_UP = object()


def participant_for_writing(request: HttpRequest, engagement, *, require_account: bool, participant=_LOOK_IT_UP):
    """The consenting participant this request acts as, to vote, write, choose or give feedback; raises
    NeedsAccount or NeedsToTakePart. The one decision of who may take part, for every page and the API.

    `require_account` is the engagement's account requirement (its conversation's setting: read it with
    coproduce.conversations.access.account_required). It has no default, so that no caller can forget it.
    `participant` is for a caller that has already read this request's participant (the vote page reads it with
    the engagement in one statement); otherwise it is looked up here.
    """
    if require_account and not request.user.is_authenticated:
        raise NeedsAccount
    if participant is _LOOK_IT_UP:
        participant = current_participant(request, engagement)
    if participant is None or participant.consented_at is None:
        raise NeedsToTakePart
    return participant


def participant_or_redirect(request: HttpRequest, engagement, *, require_account: bool, participant=_LOOK_IT_UP):
    """(participant, None), or (None, the redirect of take_part_redirect): the pages' form of participant_for_writing."""
    try:
        return participant_for_writing(
            request, engagement, require_account=require_account, participant=participant
        ), None
    except NotTakingPart as refusal:
        return None, take_part_redirect(request, engagement, refusal)


def take_part_redirect(request: HttpRequest, engagement, refusal: NotTakingPart) -> HttpResponse:
    """Where a page sends someone who may not take part yet: to signing in, coming back to the engagement
    afterwards, or to the page for taking part (which sends them on once they have)."""
    if isinstance(refusal, NeedsAccount):
        messages.info(request, _("Sign in to take part in this engagement."))
        return redirect(f"{reverse('account_login')}?next={engagement.get_absolute_url()}")
    return redirect("engagements:take_part", engagement.slug)
