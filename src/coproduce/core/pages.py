"""The pages every UK public service must publish, linked from every page's footer: the accessibility statement,
the privacy notice, the cookies page, and the service status in words.

The texts are ours, in the catalogue (English and Welsh). What only the organisation running the service can say —
who it is, how to reach it — comes from settings (SERVICE_OPERATOR, SERVICE_CONTACT_EMAIL), so that an operator
sets them once in the environment rather than editing the pages.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from coproduce.core.health import check_health

# When the accessibility statement was last reviewed against the service (WCAG 2.2 AA, axe-core and by hand).
ACCESSIBILITY_REVIEWED = dt.date(2026, 12, 3)


def _operator() -> dict[str, str]:
    return {
        "operator": settings.SERVICE_OPERATOR or _("the organisation running this service"),
        "contact_email": settings.SERVICE_CONTACT_EMAIL,
    }


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {**_operator(), "reviewed": ACCESSIBILITY_REVIEWED})


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html", _operator())


@require_safe
def cookies(request: HttpRequest) -> HttpResponse:
    """Every cookie the service sets, what for and for how long (all strictly necessary: no consent banner)."""
    day = 24 * 60 * 60
    rows = [
        ("sessionid", "session", settings.SESSION_COOKIE_AGE // day),
        (settings.CSRF_COOKIE_NAME, "csrf", settings.CSRF_COOKIE_AGE // day),
        (settings.LANGUAGE_COOKIE_NAME, "language", settings.LANGUAGE_COOKIE_AGE // day),
        ("coproduce_participant", "participant", 365),
        ("messages", "messages", None),
    ]
    return render(request, "core/cookies.html", {**_operator(), "cookies": rows})


@never_cache
@require_safe
def status(request: HttpRequest) -> HttpResponse:
    """The service status for people: the same checks as /healthz (which is for machines), in words."""
    health = check_health()
    return render(request, "core/status.html", {**_operator(), "health": health}, status=200)


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and tools that ask for /favicon.ico without reading the page's icon link get the icon, not a 404."""
    return HttpResponsePermanentRedirect(static("coproduce/favicon.svg"))
