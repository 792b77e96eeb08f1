"""Language choice: the account's preference, then the language cookie, then the browser's Accept-Language.

Also the answers to requests we cannot serve (ErrorAnswersMiddleware): 400, 413 and 503 rather than a 500.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_plus

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from coproduce.core import errors as api_errors
from coproduce.core.errors import RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def preferred_language(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.preferred_language in SUPPORTED:
        return user.preferred_language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in SUPPORTED:
        return cookie
    return translation.get_language_from_request(request)


def language_middleware(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    # Placed after AuthenticationMiddleware (it reads the account's preference); process_view hooks such as
    # CSRF checks run after every middleware's request phase, so their error pages are translated too.
    def middleware(request: HttpRequest) -> HttpResponse:
        language = preferred_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        return response

    return middleware


# --- Requests we cannot serve: 400, 413 and 503 instead of a 500 (issue 13) ---------------------------------------

#: The database could not be reached (refused, dropped, timed out, fail-over). Integrity and programming errors are
#: not outages: they stay 500s, as bugs to fix.
OUTAGE_ERRORS = (OperationalError, InterfaceError)
_OUTAGE_ATTRIBUTE = "_coproduce_database_outage"


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/v1/")


def _plain_page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    """A page that needs nothing that may have failed: no database (the language comes from the cookie or the
    browser, never the account), no context processors, no collected static files."""
    with translation.override(translation.get_language_from_request(request)):
        html = render_to_string(
            "core/plain_error.html",
            {
                "language": translation.get_language(),
                "title": title,
                "message": message,
            },
        )
    return HttpResponse(html, status=status)


def nul_in_address(request: HttpRequest) -> bool:
    # PostgreSQL refuses NUL in text, so a lookup by a slug or a filter containing one raised instead of finding
    # nothing; no address or query of ours ever needs one. The path is decoded already, the query string not.
    return "\x00" in request.path or "\x00" in unquote_plus(request.META.get("QUERY_STRING", ""))


def body_too_large(request: HttpRequest) -> bool:
    """Django's own rule for request.body (HttpRequest.body), checked before anything reads the body.

    Multipart bodies are read in parts and only their fields (not their files) count towards the limit: Django checks
    those when it parses them.
    """
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None or request.META.get("CONTENT_TYPE", "").startswith("multipart/"):
        return False
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > limit
    except ValueError:
        return False


def bad_address(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return api_errors.error_response(
            400, "bad_request", _("The address is not valid: it contains a NUL character.")
        )
    return _plain_page(
        request,
        400,
        _("This web address is not valid"),
        _("It contains a character that web addresses may not contain. Check the address and try again."),
    )


def too_large(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return api_errors.request_too_large()
    return _plain_page(
        request, 413, _("What you sent is too large"), _("Shorten what you wrote, or send it in parts, then try again.")
    )


def service_unavailable(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return api_errors.service_unavailable()
    response = _plain_page(
        request,
        503,
        _("The service is briefly unavailable"),
        _("Try again in a few minutes. If you were sending something, check afterwards whether it was saved."),
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _remember_outage(sender: object, request: HttpRequest | None = None, **kwargs: Any) -> None:
    # Sent for an exception that became a 500 anywhere below error_answers_middleware: in a view, and also in a
    # middleware (the signed-in user is first loaded by language_middleware, the session saved by SessionMiddleware),
    # where process_exception never sees it. Sent from inside the except block, so sys.exc_info() is the error.
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, OUTAGE_ERRORS):
        setattr(request, _OUTAGE_ATTRIBUTE, error)


got_request_exception.connect(_remember_outage, dispatch_uid="coproduce.core.middleware.remember_outage")


class ErrorAnswersMiddleware:
    """400 for a NUL character in the address, 413 for a body over DATA_UPLOAD_MAX_MEMORY_SIZE, 503 with
    Retry-After when the database cannot be reached: each was a 500 before (issue 13).

    Placed high (just after SecurityMiddleware, which still redirects to HTTPS first) so that it answers before
    whitenoise looks a path up on disk, and so that database failures in the session and authentication middleware
    below it are caught too. The API answers these in its own error format (coproduce.api.errors installs the same
    answers for errors raised inside its views, which django-ninja catches itself).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if nul_in_address(request):
            return bad_address(request)
        if body_too_large(request):
            return too_large(request)
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _OUTAGE_ATTRIBUTE, None) is not None:
            return service_unavailable(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig):
            return too_large(request)
        if isinstance(exception, OUTAGE_ERRORS):
            # Answered here, so Django does not log it: log it as the 500 would have been.
            logger.error("Database unavailable on %s %s", request.method, request.path, exc_info=exception)
            return service_unavailable(request)
        return None
