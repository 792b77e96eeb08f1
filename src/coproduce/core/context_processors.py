from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {"site_name": "coproduce", "languages": settings.LANGUAGES, "debug_banner": settings.DEBUG}
