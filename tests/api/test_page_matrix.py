"""Who gets what from the API app's pages (documentation, open data, API keys), like the pages' own matrix:
200 page, login (redirect to sign in), saved (redirect after a change), 403, 404, 405 — refusals change nothing."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.api.models import ApiKey
from coproduce.engagements.models import AuditEvent, Participant
from coproduce.engagements.participants import COOKIE_NAME, make_token
from tests.open_data import build_open_data
from tests.permission_matrix import url_names, views_of

PERSONAS = ["anon", "pseudo", "pat", "fran", "alice", "olly"]
MATRIX = """
view              engagement  anon   pseudo pat    fran   alice  olly
docs              -           200    200    200    200    200    200
open_data         public      200    200    200    200    200    200
open_data         link        404    404    404    200    200    404
open_data         private     404    404    200    200    200    404
open_data_file    public      200    200    200    200    200    200
open_data_file    link        404    404    404    200    200    404
open_data_file    private     404    404    200    200    200    404
api_keys          -           login  login  403    403    200    403
api_keys_post     -           login  login  403    403    saved  403
api_key_revoke    -           login  login  403    403    saved  403
api_key_revoke_get -          login  login  405    405    405    405
licence           -           login  login  403    403    saved  403
licence_get       -           login  login  405    405    405    405
"""


def parse(text):
    lines = [line.split() for line in text.strip().splitlines()]
    assert lines[0][2:] == PERSONAS
    return [(r[0], r[1], dict(zip(PERSONAS, r[2:]))) for r in lines[1:]]


ROWS = parse(MATRIX)


def request_for(view: str, world, engagement):
    slug = engagement.slug if engagement else None
    return {
        "docs": ("get", reverse("api_pages:docs"), None),
        "open_data": ("get", reverse("api_pages:open_data", args=[slug or "x"]), None),
        "open_data_file": ("get", reverse("api_pages:open_data_file", args=[slug or "x", "votes.csv"]), None),
        "api_keys": ("get", reverse("api_staff:api_keys", args=["glas"]), None),
        "api_keys_post": ("post", reverse("api_staff:api_keys", args=["glas"]), {"name": "New", "scope": "read"}),
        "api_key_revoke": ("post", reverse("api_staff:api_key_revoke", args=["glas", world.read_key.pk]), {}),
        "api_key_revoke_get": ("get", reverse("api_staff:api_key_revoke", args=["glas", world.read_key.pk]), None),
        "licence": ("post", reverse("api_staff:licence", args=["glas"]), {"licence": "CC0-1.0"}),
        "licence_get": ("get", reverse("api_staff:licence", args=["glas"]), None),
    }[view]


def state():
    return (
        list(ApiKey.objects.order_by("pk").values_list("pk", "revoked_at", "name")),
        AuditEvent.objects.count(),
        list(ApiKey.objects.values_list("organisation__licence", flat=True)),
    )


def outcome(response, changed: bool) -> str:
    if response.status_code == 302:
        if response["Location"].startswith(reverse("account_login")):
            return "login" if not changed else "login+changed"
        return "saved" if changed else "302"
    return str(response.status_code) + ("+changed" if changed else "")


@pytest.mark.parametrize(("view", "where", "expected"), ROWS, ids=[f"{v}-{w}" for v, w, _ in ROWS])
def test_page_matrix(api_world, view, where, expected):
    world = api_world
    pseudo = Participant.objects.create(engagement=world.public, consented_at=timezone.now())
    engagement = {"-": None, "public": world.public, "link": world.link, "private": world.private}[where]
    method, url, data = request_for(view, world, engagement)
    if view == "open_data_file":
        build_open_data(engagement)  # built in the background in real life (api/builds.py); a request builds nothing
    got = {}
    for persona in PERSONAS:
        client = Client()
        if persona == "pseudo":
            client.cookies[COOKIE_NAME] = make_token([pseudo.public_id])
        elif persona != "anon":
            client.force_login(getattr(world, persona))
        with transaction.atomic():
            before = state()
            response = client.post(url, data) if method == "post" else client.get(url)
            got[persona] = outcome(response, state() != before)
            transaction.set_rollback(True)
    wrong = {p: f"expected {expected[p]}, got {got[p]}" for p in PERSONAS if got[p] != expected[p]}
    assert not wrong, wrong


def test_every_page_of_the_api_app_has_rows():
    names = url_names("api_pages", "api_staff")
    covered = views_of(ROWS)
    assert names <= covered, names - covered
