"""Confidential notes stay in the listening pages: nothing of this app is served elsewhere (no other view, no
admin, and no API answer or open data file carries a one-to-one conversation)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import coproduce
from coproduce.api.models import ApiKey
from coproduce.api.opendata import DOWNLOAD_NAMES
from coproduce.listening.actions import do_extract_challenge, do_record_conversation
from coproduce.listening.models import ListeningConversation
from tests.api.conftest import seed_conversation
from tests.open_data import build_open_data

PACKAGE = Path(coproduce.__file__).resolve().parent
# The project's templates and each app's own (templates live with their app).
TEMPLATE_DIRS = [PACKAGE / "templates", *PACKAGE.glob("*/templates")]


def walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern


def test_listening_views_are_served_only_in_listening_namespaces():
    for namespace, pattern in walk(get_resolver().url_patterns):
        module = getattr(pattern.callback, "__module__", "")
        if module.startswith("coproduce.listening"):
            assert namespace in {"listening", "listening_staff"}, pattern
        else:
            # No other view (an API router, an export) imports the listening models to serve them.
            assert namespace not in {"listening", "listening_staff"}, pattern


def test_no_listening_model_in_the_admin():
    from django.apps import apps

    models = set(apps.get_app_config("listening").get_models())
    assert len(models) == 6
    assert not models & set(admin.site._registry)


def test_notes_are_rendered_by_one_template_only():
    """The notes of a conversation appear on the conversation page and nowhere else."""
    users = sorted(
        str(path.relative_to(folder))
        for folder in TEMPLATE_DIRS
        for path in folder.rglob("*.html")
        if ".notes" in path.read_text()
    )
    assert users == ["listening/conversation.html"]


MARKER = "ZQX-NOT-EXPORTED-4417"


def unzipped(content: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [archive.read(name) for name in archive.namelist()]


def everything_served_outside_listening(world, read_secret: str) -> tuple[dict[str, bytes], dict[str, int]]:
    """Every GET of the API (read from its OpenAPI schema, so a new endpoint is covered), every open data file
    (zips opened), and each engagement's open data page, for each engagement of the organisation: asked with its
    read key, as the person the notes are about (pat), and as their author (sam)."""
    paths = [
        path for path, operations in Client().get("/api/v1/openapi.json").json()["paths"].items() if "get" in operations
    ]
    slugs = {
        "organisations": [world.org.slug],
        "engagements": [e.slug for e in (world.public, world.link, world.private)],
    }
    urls = []
    for path in paths:
        for slug in slugs.get(path.split("/")[3], []) if "{slug}" in path else [None]:
            for name in sorted(DOWNLOAD_NAMES) if "{name}" in path else [None]:
                url = path.replace("{slug}", slug or "").replace("{name}", name or "")
                urls.append(url + ("?limit=100" if url.endswith(("/statements", "/votes", "/engagements")) else ""))
    assert len(urls) > 3 * len(DOWNLOAD_NAMES), urls  # the schema was read, with the downloads
    urls += [reverse("api_pages:open_data", args=[slug]) for slug in slugs["engagements"]]
    served, statuses = {}, {}
    for who in ("key", "pat", "sam"):
        client, headers = Client(), {}
        if who == "key":
            headers = {"HTTP_AUTHORIZATION": f"Bearer {read_secret}"}
        else:
            client.force_login(getattr(world, who))
        for url in urls:
            response = client.get(url, **headers)
            assert response.status_code < 500, (who, url, response.status_code)
            parts = [response.content]
            if response.status_code == 200 and url.endswith(".zip"):
                parts += unzipped(response.content)
            served[f"{who} {url}"] = b"\n".join(parts)
            statuses[f"{who} {url}"] = response.status_code
    return served, statuses


def test_no_api_answer_or_open_data_file_carries_a_one_to_one_conversation(listening, client):
    """Behaviour, not imports: notes, the person's name and team, and a challenge's own words, each carrying a
    marker, in every engagement; the marker is on the listening page and nowhere the platform publishes."""
    world = listening
    _, read_secret = ApiKey.new(world.org, "Research", ApiKey.Scope.READ, world.alice)
    for name in ("public", "link", "private"):
        engagement = getattr(world, name)
        seed_conversation(engagement)  # statements and votes, so the open data is not empty
        conversation = do_record_conversation(
            world.sam,
            engagement,
            {
                "held_on": "2026-11-20",
                "prompt": "What matters to you?",
                "notes": f"Notes {MARKER}",
                "person_name": f"Name {MARKER}",
                "team": f"Team {MARKER}",
                "sharing": ListeningConversation.Sharing.THEMES,
                "perspective": engagement.perspectives.first(),
                "participant": world.pat_participant if name == "public" else None,
            },
        )
        do_extract_challenge(world.sam, conversation, f"Challenge {MARKER}", [world.themes[name]])
    # The marker really is stored and shown where it belongs, so its absence elsewhere means something.
    client.force_login(world.sam)
    page = client.get(reverse("listening_staff:conversation", args=[engagement.slug, conversation.pk]))
    assert page.status_code == 200 and MARKER in page.content.decode()

    build_open_data(world.public, world.link, world.private)
    served, statuses = everything_served_outside_listening(world, read_secret)
    # The answers hold data: every file of every engagement was downloaded with the key.
    assert [
        where
        for where, status in statuses.items()
        if where.startswith("key ") and "/exports" in where and status != 200
    ] == []
    assert any(b"Statement 0 about outpatients" in body for body in served.values())
    leaks = sorted(where for where, body in served.items() if MARKER.encode() in body)
    assert leaks == [], f"listening text served in: {leaks}"
