"""The projector component: a page that refreshes itself (htmx, or a meta refresh without JavaScript), answering
htmx's poll with its panel alone. The conversation's live view is built on it (tests/conversations check that view)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory

from coproduce.core.projector import render_projector

PAGE = """{% extends "core/projector_base.html" %}
{% block projector_heading %}<h1>Room 3</h1>{% endblock %}
{% block projector_panel %}<p>42 votes</p>{% endblock %}"""


def render(request, context):
    page = engines["django"].from_string(PAGE)
    return page.render({"page_title": "Projector", **context}, request)


def test_the_page_polls_its_own_address_and_reloads_without_javascript(db):
    request = RequestFactory().get("/staff/room-3/projector/")
    request.htmx = False
    html = render(request, {"projector_url": request.path})
    assert '<div class="projector">' in html and "<h1>Room 3</h1>" in html
    assert 'hx-get="/staff/room-3/projector/" hx-trigger="every 5s"' in html
    assert '<noscript><meta http-equiv="refresh" content="10"></noscript>' in html
    assert "htmx-2.min.js" in html
    assert "<p>42 votes</p>" in html


def test_refresh_intervals_can_be_chosen(db):
    request = RequestFactory().get("/p/")
    request.htmx = False
    html = render(request, {"projector_url": "/p/", "projector_refresh": 30, "projector_noscript_refresh": 60})
    assert 'hx-trigger="every 30s"' in html and 'content="60"' in html


def test_htmx_gets_the_panel_alone(db, settings, tmp_path):
    (tmp_path / "page.html").write_text(PAGE)
    (tmp_path / "panel.html").write_text("<p>{{ votes }} votes</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    request = RequestFactory().get("/p/")
    request.htmx = True
    assert render_projector(request, "page.html", "panel.html", {"votes": 7}).content == b"<p>7 votes</p>"
    request.htmx = False
    request.user = AnonymousUser()
    full = render_projector(request, "page.html", "panel.html", {"votes": 7}).content.decode()
    assert 'hx-get="/p/"' in full and "<html" in full
