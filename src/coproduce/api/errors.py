"""One error body for every API error: {"error": {"code", "message", "details"}}, message in the request's language."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

# The error body and the answers the middleware gives too live in core, below every app (coproduce.core.errors).
from coproduce.core.errors import error_response, request_too_large, service_unavailable
from coproduce.core.ratelimit import RateLimited

logger = logging.getLogger(__name__)


class ErrorDetail(Schema):
    field: str | None = None
    message: str
    type: str | None = None


class ErrorBody(Schema):
    code: str
    message: str
    details: list[ErrorDetail]


class ErrorOut(Schema):
    error: ErrorBody


#: Declared on every operation, so that clients (and schemathesis) know every error they may get.
ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
    500: ErrorOut,
    503: ErrorOut,
}
#: Writes may also be refused for a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE (413); 429 is their rate limit.
WRITE_ERRORS = {**ERRORS, 413: ErrorOut}


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: list[dict] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.status, self.code, self.message = status, code, str(message)
        self.details = details or []
        self.headers = headers or {}


def not_found() -> ApiError:
    return ApiError(404, "not_found", _("Not found: it does not exist, or you may not see it."))


def _message(error: dict) -> str:
    """The problem in the request's language for the common cases; pydantic's own (English) words otherwise."""
    kind = str(error.get("type", ""))
    messages = {
        "missing": _("This field is required."),
        "literal_error": _("Choose one of the allowed values."),
        "enum": _("Choose one of the allowed values."),
        "int_parsing": _("Enter a whole number."),
        "int_type": _("Enter a whole number."),
        "int_from_float": _("Enter a whole number."),
        "bool_parsing": _("Enter true or false."),
        "bool_type": _("Enter true or false."),
        "string_type": _("Enter text."),
        "string_too_long": _("This is too long."),
        "greater_than_equal": _("This number is too small."),
        "less_than_equal": _("This number is too large."),
        "model_attributes_type": _("Send a JSON object."),
        "dict_type": _("Send a JSON object."),
    }
    return str(messages.get(kind, error.get("msg", "")))


def _field(loc) -> str | None:
    parts = [str(p) for p in (loc or ()) if p not in ("body", "query", "path", "payload", "header", "cookie")]
    return ".".join(parts) or None


def install(api) -> None:
    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        response = error_response(exc.status, exc.code, exc.message, exc.details)
        for name, value in exc.headers.items():
            response[name] = value
        return response

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = [
            {"field": _field(e.get("loc")), "message": _message(e), "type": str(e.get("type", ""))} for e in exc.errors
        ]
        return error_response(422, "invalid_request", _("The request is not valid: see the details."), details)

    @api.exception_handler(Http404)
    def http404(request: HttpRequest, exc: Exception) -> HttpResponse:
        error = not_found()
        return error_response(404, error.code, error.message)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(403, "forbidden", _("You may see this but not change it."))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(401, "unauthenticated", _("Sign in, or send an API key or a participant token."))

    @api.exception_handler(RateLimited)  # the one limiter's refusal (core/ratelimit.py), here in JSON
    def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
        return too_many(exc.wait)

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return too_many(int(getattr(exc, "wait", 60) or 60))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        if status == 400:
            return error_response(400, "bad_request", _("The request could not be read: send valid JSON."))
        if status == 403:
            return error_response(403, "forbidden", _("Forbidden."))
        return error_response(status, "error", str(exc))

    # Raised when an operation reads request.body (django-ninja parses it inside the view, so
    # coproduce.core.middleware never sees these): the same answers as the middleware gives.
    @api.exception_handler(RequestDataTooBig)
    def body_too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
        return request_too_large()

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error("Database unavailable on API %s %s", request.method, request.path, exc_info=exc)
        return service_unavailable()

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return error_response(
            500, "server_error", _("Something went wrong on our side. It has been logged; please try again later.")
        )


def too_many(wait: int) -> HttpResponse:
    return error_response(
        429,
        "too_many_requests",
        _("Too many requests. Wait %(seconds)d seconds, then try again.") % {"seconds": wait},
        retry_after=wait,
    )


def json_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Unknown addresses under /api/v1/ answer in the API's own error format too."""
    error = not_found()
    return error_response(404, error.code, error.message)


def json_method_not_allowed(allow: str) -> HttpResponse:
    response = error_response(
        405,
        "method_not_allowed",
        _("This address does not accept that method. It accepts: %(methods)s.") % {"methods": allow},
    )
    response["Allow"] = allow
    return response


def detail(message: Any, field: str | None = None, type: str | None = None) -> dict:
    return {"field": field, "message": str(message), "type": type}
