"""Projector screens: one way to serve a page that a room watches and that refreshes itself.

The page extends ``core/projector_base.html``; an htmx poll of the same address gets the panel alone, and nothing at
all (304) when the panel has not changed. Keeping that choice here means every projector view answers htmx the same
way and keeps the same refresh contract. The page fills the screen, and a button (a script's enhancement) makes it
full screen.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import segno
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.html import escape
from django.utils.http import quote_etag
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language


def join_code(url: str, title: str) -> SafeString:
    """A QR code for the join address, as inline SVG drawn on the server (no script, no image request).

    Medium error correction survives a projector's glare and a phone held at an angle; the quiet zone of 4 modules is
    the standard's, which phones need to find the code on a busy slide.
    """
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=1, border=4, dark="#0b0c0c", light="#ffffff", omitsize=True, svgclass="qr")
    # segno writes a <title> only when given one; ours is escaped, and the rest of the SVG is segno's own geometry.
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1))  # noqa: S308


def render_projector(
    request: HttpRequest,
    template: str,
    panel_template: str,
    context: dict[str, Any] | Callable[[], dict[str, Any]],
    *,
    join_url: str | None = None,
    join_label: str = "",
    version: str | None = None,
) -> HttpResponse:
    """The full page, or, for htmx's poll, the panel alone. ``projector_url`` defaults to this page's address.

    With ``join_url`` (an absolute address) the page shows it in large type with its QR code, so that people in the
    room can take part from their phones; the poll never re-sends it.

    The panel carries an ETag (a hash of its HTML): a poll whose browser already has that panel is answered 304 with
    no body, and the page's script (static/coproduce/projector.js) leaves the panel alone when the ETag it gets is the
    one it shows, so that an unchanged screen is not redrawn. Both answers vary on HX-Request: one address serves
    both, and a cache must never hand the panel to someone opening the page.

    With ``version`` (a short text that changes whenever the panel would: counts, the analysis's id), the ETag is
    made from it, the panel template and the language, and an unchanged poll is answered 304 before anything is
    built: give ``context`` as a function then, so that it is only called when the panel is sent. Without it, the
    ETag is the panel's hash (the panel is built on every poll, but sent only when it changed).
    """
    # django-htmx's middleware sets request.htmx (truthy for an htmx request); HttpRequest does not declare it.
    polled = bool(getattr(request, "htmx", False))
    if polled and version is not None:
        etag = _etag(f"{panel_template}\n{get_language()}\n{version}")
        unchanged = get_conditional_response(request, etag=etag)
        if unchanged is not None:
            unchanged["ETag"] = etag
            _private_and_varying(unchanged)
            return unchanged
    context = {"projector_url": request.path, **(context() if callable(context) else context)}
    if polled:
        html = render_to_string(panel_template, context, request=request)
        etag = _etag(html) if version is None else etag
        response = HttpResponse(html)
        response["ETag"] = etag
        _private_and_varying(response)
        return get_conditional_response(request, etag=etag, response=response) or response
    if join_url:
        context["projector_join_url"] = join_url
        context["projector_join_qr"] = join_code(join_url, join_label or join_url)
    response = render(request, template, context)
    _private_and_varying(response)
    return response


def _etag(text: str) -> str:
    return quote_etag(hashlib.sha256(text.encode()).hexdigest()[:20])


def _private_and_varying(response: HttpResponse) -> None:
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["HX-Request"])
