"""The API describes itself: OpenAPI 3 at /api/v1/openapi.json, interactive docs served by us (no third-party
CDN), and a plain bilingual page listing every operation, linked from every page's footer."""

from __future__ import annotations

import re

from django.urls import reverse


def test_openapi_document_declares_every_error(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    schemes = schema["components"]["securitySchemes"]
    assert schemes["ApiKeyAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["ParticipantTokenAuth"]["name"] == "X-Participant-Token"
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert {"400", "401", "403", "404", "422", "429", "500"} <= set(operation["responses"]), (method, path)
            assert {} in operation["security"]  # public data needs no credentials


def test_interactive_docs_need_no_third_party(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in html
    assert not re.findall(r"(?:src|href)=\"https?://", html)


def test_the_docs_page_lists_every_operation_and_is_in_the_footer(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    html = client.get(reverse("api_pages:docs")).content.decode()
    for path in schema["paths"]:
        assert path in html, path
    assert f'href="{reverse("api_pages:docs")}"' in client.get("/").content.decode()
    welsh = client.get(reverse("api_pages:docs"), HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert "API a data agored" in welsh


def test_reads_may_come_from_any_web_page_but_writes_may_not(client, db):
    assert (
        client.get("/api/v1/organisations", HTTP_ORIGIN="https://research.example")["Access-Control-Allow-Origin"]
        == "*"
    )
    response = client.post(
        "/api/v1/engagements/nope/votes", {}, content_type="application/json", HTTP_ORIGIN="https://research.example"
    )
    assert "Access-Control-Allow-Origin" not in response


def test_the_operations_are_described_in_the_readers_language(client):
    """The schema stays English (it is for machines); the page's table says what each operation does in Welsh."""
    from django.conf import settings

    english = client.get(reverse("api_pages:docs")).content.decode()
    assert "Vote on a statement as a participant" in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    welsh = client.get(reverse("api_pages:docs")).content.decode()
    assert "Pleidleisio ar ddatganiad fel cyfranogwr" in welsh
    assert "Vote on a statement as a participant" not in welsh
