"""Projector screens: one way to serve a page that a room watches and that refreshes itself.

The page extends ``core/projector_base.html``; an htmx poll of the same address gets the panel alone. Keeping
that choice here means every projector view answers htmx the same way and keeps the same refresh contract.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_projector(request: HttpRequest, template: str, panel_template: str, context: dict[str, Any]) -> HttpResponse:
    """The full page, or, for htmx's poll, the panel alone. ``projector_url`` defaults to this page's address."""
    context = {"projector_url": request.path, **context}
    # django-htmx's middleware sets request.htmx (truthy for an htmx request); HttpRequest does not declare it.
    return render(request, panel_template if getattr(request, "htmx", False) else template, context)
