"""The pages every public service publishes, linked from every page: accessibility, privacy, cookies, status."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

FOOTER_PAGES = ["core:accessibility", "core:privacy", "core:cookies", "core:status"]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_page_links_them_in_its_footer(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("core:home")).content.decode()
    footer = html.split('<footer class="footer">', 1)[1]
    for name in FOOTER_PAGES:
        assert f'href="{reverse(name)}"' in footer


@pytest.mark.parametrize("name", FOOTER_PAGES)
def test_they_answer_in_welsh_too(client, name):
    english = client.get(reverse(name))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    welsh = client.get(reverse(name))
    assert english.status_code == welsh.status_code == 200
    assert english.content != welsh.content
    assert '<html lang="cy">' in welsh.content.decode()
    assert client.head(reverse(name)).status_code == 200


@override_settings(SERVICE_OPERATOR="Glas Valley University Health Board", SERVICE_CONTACT_EMAIL="access@glas.example")
def test_the_operator_and_contact_come_from_settings(client):
    html = client.get(reverse("core:accessibility")).content.decode()
    assert "Glas Valley University Health Board" in html
    assert 'href="mailto:access@glas.example"' in html
    assert 'href="mailto:access@glas.example"' in client.get(reverse("core:privacy")).content.decode()


def test_the_cookies_page_lists_every_cookie_the_service_sets(client):
    html = client.get(reverse("core:cookies")).content.decode()
    for name in ("sessionid", settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME, "coproduce_participant"):
        assert f'<code lang="en">{name}</code>' in html


def test_status_says_in_words_what_healthz_says(client, monkeypatch):
    assert "Everything is working." in client.get(reverse("core:status")).content.decode()
    monkeypatch.setattr(cache, "ping", lambda: False, raising=False)
    degraded = client.get(reverse("core:status"))
    assert degraded.status_code == 200
    assert "more slowly than usual" in degraded.content.decode()
    assert client.get(reverse("core:healthz")).json()["status"] == "degraded"


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("coproduce/favicon.svg")
