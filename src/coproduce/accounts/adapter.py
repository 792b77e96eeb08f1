from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from coproduce.core.ratelimit import client_address

#: Where a person lands after signing in, when no `?next=` says otherwise: the first of these functions (added by the
#: apps above, in their AppConfig.ready(), so that accounts names none of their pages) to return a URL for them.
login_destinations: list[Callable[[Any], str | None]] = []


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        # A new account starts in the language the person was using when they signed up.
        language = getattr(request, "LANGUAGE_CODE", "")
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        for destination in login_destinations:
            url = destination(request.user)
            if url:
                return url
        return super().get_login_redirect_url(request)

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's sign-in and sign-up limits count per address: the same one as every other limit, read the same
        # way behind TRUSTED_PROXY_COUNT proxies.
        return client_address(request)
