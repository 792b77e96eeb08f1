"""Language choice: the account's preference, then the language cookie, then the browser's Accept-Language."""

from __future__ import annotations

from typing import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def preferred_language(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.preferred_language in SUPPORTED:
        return user.preferred_language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in SUPPORTED:
        return cookie
    return translation.get_language_from_request(request)


def language_middleware(get_response: Callable[[HttpRequest], HttpResponse]):
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
