"""Who gets what from every page of the signposting app, in the public engagement (whose conversation with Pat Jones
sam, a spokesperson, held: tests/listening/conftest.py). The record row is a signposting sam made that Pat agreed
only sam may see: the person's name must appear to nobody else.

Cells as in tests/permission_matrix.py. Personas: anon, pat (participant), sam (spokesperson, the conversation's
author), mo (mentor), fran (facilitator), alice (glas's admin), olly (another organisation's admin).
"""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coproduce.engagements.models import AuditEvent
from coproduce.signposting.models import Service, Signposting
from tests.permission_matrix import Request, Rollback, assert_row, client_for, outcome, parse_matrix, url_names
from tests.signposting.conftest import example

PERSONAS = ["anon", "pat", "sam", "mo", "fran", "alice", "olly"]
MAY_SEE_PERSON = {"sam"}

MATRIX = """
view            scope  anon   pat    sam    mo     fran   alice  olly
directory       -      200    200    200    200    200    200    200
service         -      200    200    200    200    200    200    200
service_missing -      404    404    404    404    404    404    404
export          -      200    200    200    200    200    200    200
import          -      login  403    403    403    403    200    403
import_post     -      login  403    403    403    403    saved  403
signpost        -      login  403    200    200    403    403    403
signpost_post   -      login  403    saved  saved  403    403    403
overview        -      login  403    200    200    200    200    403
overview_post   -      login  405    405    405    405    405    405
record          -      login  403    200    403    403    403    403
record_post     -      login  403    saved  403    403    403    403
"""

ROW_URL = {
    "directory": "signposting:directory",
    "service": "signposting:service",
    "service_missing": "signposting:service",
    "export": "signposting:export",
    "import": "signposting_staff:import",
    "import_post": "signposting_staff:import",
    "signpost": "signposting_staff:signpost",
    "signpost_post": "signposting_staff:signpost",
    "overview": "signposting_staff:overview",
    "overview_post": "signposting_staff:overview",
    "record": "signposting_staff:record",
    "record_post": "signposting_staff:record",
}
ROWS = parse_matrix(MATRIX, PERSONAS)


def build_request(view: str, w) -> Request:
    conversation = w.conversations["public"]
    args = {
        "signposting:service": [str(w.advice.pk)],
        "signposting:export": ["glas"],
        "signposting_staff:import": ["glas"],
        "signposting_staff:signpost": ["outpatients", conversation.pk],
        "signposting_staff:overview": ["outpatients"],
        "signposting_staff:record": ["outpatients", w.record.pk],
    }
    name = ROW_URL[view]
    url = reverse(name, args=args.get(name, []))
    if view == "service_missing":
        url = reverse(name, args=["00000000-0000-0000-0000-000000000000"])
    posts = {
        "import_post": {"text": json.dumps(example("service_full.json")), "language": "en"},
        "signpost_post": {"service": str(w.walks.pk), "shared_with": "signposter", "consent": "on"},
        "overview_post": {},
        "record_post": {"outcome": "helped"},
    }
    if view in posts:
        return Request("post", url, posts[view])
    return Request("get", url)


def snapshot() -> tuple:
    return (
        list(Service.objects.order_by("pk").values_list("pk", "name_en")),
        list(Signposting.objects.order_by("pk").values_list("pk", "service_id", "outcome")),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def matrix_world(directory):
    w = directory
    w.record = Signposting.objects.create(
        engagement=w.public,
        conversation=w.conversations["public"],
        participant=w.pat_participant,
        service=w.advice,
        author=w.sam,
        shared_with="signposter",
        consent_given_at=timezone.now(),
    )
    return w


@pytest.mark.parametrize(("view", "scope", "expected"), [pytest.param(*row, id=row[0]) for row in ROWS])
def test_permission_matrix(view, scope, expected, matrix_world):
    w = matrix_world
    request = build_request(view, w)
    before = snapshot() if request.method == "post" else None
    got, leaks = {}, []
    for persona in PERSONAS:
        try:
            with transaction.atomic():
                client = client_for(persona, w)
                response = getattr(client, request.method)(request.url, request.data or {})
                got[persona] = outcome(response, request.method == "post" and snapshot() != before)
                if "Pat Jones" in response.content.decode() and persona not in MAY_SEE_PERSON:
                    leaks.append(persona)
                raise Rollback
        except Rollback:
            pass
    assert_row(view, scope, PERSONAS, expected, got)
    assert not leaks, f"{view}: saw the person's name: {leaks}"


def test_matrix_covers_every_url_name():
    ours = url_names("signposting", "signposting_staff", qualified=True)
    covered = {ROW_URL[view] for view, _s, _e in ROWS}
    assert ours and ours - covered == set(), "views without a row in the permission matrix"
