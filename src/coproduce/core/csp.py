"""The Content-Security-Policy header on every response (Django 5.2 has none built in; 6.0 does).

No inline script or style anywhere: a script or stylesheet injected through a bug in our escaping would not run.
Every script is a static file (htmx, the Swagger UI bundle and its start-up file); templates must not add inline script
elements, on*= handlers or style attributes (tests/core/test_csp.py scans them).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # data: for the small SVG icons inside the Swagger UI stylesheet.
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        # Replaces X-Frame-Options: DENY in browsers that know CSP; no page of ours is ever framed.
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
)


def content_security_policy_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        # setdefault: a view that needs a different policy for one response may set its own.
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response

    return middleware
