"""Made for a phone on a train: an installable web app (a manifest) and a service worker that keeps the
noticeboard, the clubs a person joined and their saved learning readable offline. Progressive enhancement: every
page works without JavaScript, and without the service worker.

How it decides what to keep. A page that may be kept says so in the X-Coproduce-Offline response header (KEEP):
boards and notices, the learning home and paths, a club the reader is a member of, an item they saved, "My
learning". The service worker (templates/learning/sw.js) stores those as they are visited (network first, the
copy only when the network fails) and nothing else. The first visit, before the worker controls the page, is kept
by static/learning/offline.js asking the worker for the page (and, on "My learning", for every page it lists).

Privacy on a shared phone: the cache is named by an opaque key of the signed-in account (`offline_key`); when
another account (or nobody) uses the pages, the worker deletes the earlier account's pages.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

HEADER = "X-Coproduce-Offline"
KEEP = "keep"
#: Raise when sw.js changes in a way that must drop what phones kept.
VERSION = "1"


def offline_key(request: HttpRequest) -> str:
    if not request.user.is_authenticated:
        return "anon"
    return salted_hmac("coproduce.learning.offline", str(request.user.pk)).hexdigest()[:16]


def render_page(
    request: HttpRequest, template: str, context: dict, *, keep: bool = False, urls: list[str] | None = None
) -> HttpResponse:
    """A page of this app, with what the service worker needs: the account's key, whether to keep this page, and
    other pages to keep (`urls`)."""
    context = {
        **context,
        "offline_key": offline_key(request),
        "offline_keep": keep,
        "offline_urls": " ".join(urls or []),
    }
    response = render(request, template, context)
    if keep:
        response[HEADER] = KEEP
    return response


@require_safe
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at /learning/sw.js so that its scope is /learning/: a file of script, never inline."""
    context = {
        "version": VERSION,
        "offline_url": reverse("learning:offline"),
        "precache": json.dumps([reverse("learning:offline"), static("coproduce/site.css")]),
        "header": HEADER,
        "keep": KEEP,
    }
    return render(request, "learning/sw.js", context, content_type="text/javascript; charset=utf-8")


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: installable from any page of the noticeboard and learning."""
    document = {
        "name": _("coproduce: noticeboard and learning"),
        "short_name": _("Learning"),
        "start_url": reverse("learning:home"),
        "scope": reverse("learning:home"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b0c0c",
        "lang": request.LANGUAGE_CODE,
        "icons": [{"src": static("learning/icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return HttpResponse(
        json.dumps(document, ensure_ascii=False), content_type="application/manifest+json; charset=utf-8"
    )


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    """What the service worker shows for a page it has not kept, when there is no connection."""
    return render(request, "learning/offline.html", {"page_title": _("You are offline")})
