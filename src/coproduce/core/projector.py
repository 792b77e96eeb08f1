"""Projector screens: one way to serve a page that a room watches and that refreshes itself.

The page extends ``core/projector_base.html``; an htmx poll of the same address gets the panel alone. Keeping
that choice here means every projector view answers htmx the same way and keeps the same refresh contract.
"""

from __future__ import annotations

from typing import Any

import segno
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


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
    context: dict[str, Any],
    *,
    join_url: str | None = None,
    join_label: str = "",
) -> HttpResponse:
    """The full page, or, for htmx's poll, the panel alone. ``projector_url`` defaults to this page's address.

    With ``join_url`` (an absolute address) the page shows it in large type with its QR code, so that people in the
    room can take part from their phones; the poll never re-sends it.
    """
    context = {"projector_url": request.path, **context}
    if join_url and not getattr(request, "htmx", False):
        context["projector_join_url"] = join_url
        context["projector_join_qr"] = join_code(join_url, join_label or join_url)
    # django-htmx's middleware sets request.htmx (truthy for an htmx request); HttpRequest does not declare it.
    return render(request, panel_template if getattr(request, "htmx", False) else template, context)
