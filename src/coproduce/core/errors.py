"""The API's error body, {"error": {"code", "message", "details"}}, and the answers core's middleware gives in it.

They live here, below every app, because ErrorAnswersMiddleware answers API requests before any view runs, and core
imports no app; coproduce.api.errors uses the same functions for the errors raised inside its views.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

#: How long a client should wait after a 503: about the time a database fail-over or restart takes.
RETRY_AFTER_SECONDS = 30


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    *,
    retry_after: int | None = None,
) -> JsonResponse:
    """`retry_after`: the seconds a client should wait before asking again (the Retry-After header)."""
    body = {"error": {"code": code, "message": str(message), "details": details or []}}
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def request_too_large() -> HttpResponse:
    megabytes = f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024):g}"
    return error_response(
        413,
        "request_too_large",
        _("The request is too large: send at most %(megabytes)s MB.") % {"megabytes": megabytes},
    )


def service_unavailable() -> HttpResponse:
    """The database cannot be reached: worth retrying, unlike a 500."""
    return error_response(
        503,
        "service_unavailable",
        _("The service is briefly unavailable. Try again in %(seconds)d seconds.") % {"seconds": RETRY_AFTER_SECONDS},
        retry_after=RETRY_AFTER_SECONDS,
    )
