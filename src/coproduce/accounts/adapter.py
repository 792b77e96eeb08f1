from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from coproduce.core.ratelimit import client_address


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        # A new account starts in the language the person was using when they signed up.
        language = getattr(request, "LANGUAGE_CODE", "")
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        return super().save_user(request, user, form, commit=commit)

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's sign-in and sign-up limits count per address: the same one as every other limit, read the same
        # way behind TRUSTED_PROXY_COUNT proxies.
        return client_address(request)
