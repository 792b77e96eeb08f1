"""Who is calling the API: an organisation API key, a participant token, a browser session, or nobody.

Each caller is resolved by one of the classes below, tried in that order; the first that recognises the request
decides, and a credential that is present but wrong is refused (401) rather than silently ignored. A caller
with a key or a token carries no browser identity at all (request.user is anonymous, the participant cookie is
ignored), so a page's cookies can never lend their authority to a request that did not pass a CSRF check.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, APIKeyHeader, HttpBearer
from ninja.utils import check_csrf

from coproduce.api.errors import ApiError
from coproduce.api.models import ApiKey
from coproduce.engagements.access import SESSION_LINK_KEYS
from coproduce.engagements.participants import MAX_AGE, SALT, participant_ids_from_cookie

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LAST_USED_PRECISION = dt.timedelta(minutes=1)  # at most one write per key per minute for "last used"


@dataclass(frozen=True)
class Caller:
    kind: str  # "api_key" | "participant_token" | "session" | "anonymous"
    api_key: ApiKey | None = None

    @property
    def organisation_id(self) -> int | None:
        return self.api_key.organisation_id if self.api_key else None


def _without_browser_identity(request: HttpRequest, participant_ids: list[uuid.UUID]) -> None:
    request.user = AnonymousUser()
    request._participant_ids = participant_ids  # read by participant_ids_from_cookie and everything built on it
    # An empty session: link keys remembered by a browser session must not count for a key or token caller either.
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()


class ApiKeyAuth(HttpBearer):
    """`Authorization: Bearer cpk_…`: an organisation's API key (made by its admins in the staff area)."""

    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization")
        if header is None:
            return None
        scheme, _sep, token = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(401, "invalid_authorization", _("Send the API key as “Authorization: Bearer <key>”."))
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str):
        key = ApiKey.find(token)
        if key is None:
            raise ApiError(401, "invalid_api_key", _("This API key is not valid or has been revoked."))
        now = timezone.now()
        if key.last_used_at is None or now - key.last_used_at > LAST_USED_PRECISION:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
            key.last_used_at = now
        _without_browser_identity(request, [])
        return Caller("api_key", key)


class ParticipantTokenAuth(APIKeyHeader):
    """`X-Participant-Token: …`: the token returned when someone agrees to take part (POST …/participants)."""

    param_name = "X-Participant-Token"

    def authenticate(self, request: HttpRequest, key: str | None):
        if key is None:
            return None
        try:
            ids = [uuid.UUID(value) for value in signing.loads(key, salt=SALT, max_age=MAX_AGE)]
        except (signing.BadSignature, ValueError, TypeError, AttributeError):
            raise ApiError(
                401, "invalid_participant_token", _("This participant token is not valid or has expired.")
            ) from None
        _without_browser_identity(request, ids)
        return Caller("participant_token")


class SessionAuth(APIKeyCookie):
    """The browser's own session (signed in, or holding a link-only engagement's link) or participant cookie;
    writes need Django's CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest):
        if not (
            request.user.is_authenticated
            or participant_ids_from_cookie(request)
            or request.session.get(SESSION_LINK_KEYS)
        ):
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise ApiError(
                403,
                "csrf_failed",
                _("The CSRF check failed: send the X-CSRFToken header with the csrftoken cookie’s value."),
            )
        return Caller("session")

    def authenticate(self, request: HttpRequest, key: str | None):  # pragma: no cover - __call__ decides
        return None


def anonymous(request: HttpRequest) -> Caller:
    _without_browser_identity(request, [])
    return Caller("anonymous")


AUTH = [ApiKeyAuth(), ParticipantTokenAuth(), SessionAuth(), anonymous]


def caller(request: HttpRequest) -> Caller:
    return request.auth


def require_write_key_or(request: HttpRequest, *kinds: str) -> Caller:
    """The caller, if it is a write key or one of `kinds`; 401 for nobody, 403 for a read key."""
    c = caller(request)
    if c.kind == "api_key":
        if not c.api_key.can_write:
            raise ApiError(
                403, "read_only_key", _("This API key may only read. Ask an organisation admin for a write key.")
            )
        return c
    if c.kind in kinds:
        return c
    raise ApiError(401, "unauthenticated", _("Sign in, or send an API key or a participant token."))
