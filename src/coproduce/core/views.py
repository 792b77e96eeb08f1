from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from coproduce.core.health import check_health


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and uptime checks: 200 when the database answers, 503 otherwise.

    The cache is reported but does not fail the check: without Redis the site still works (limits fail open,
    coproduce/core/cache.py), and every process shares the one Redis, so taking them all out of the load balancer
    would turn a degraded service into none. "status" says "degraded" then, for monitoring to alert on.
    """
    health = check_health()
    body = {
        "status": health.status,
        "database": "ok" if health.database else "unreachable",
        "cache": "ok" if health.cache else "unavailable",
    }
    return JsonResponse(body, status=200 if health.database else 503)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "core/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "core/403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", status=403)
