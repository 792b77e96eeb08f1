"""Who gets what from every page of the networks app: one row per view, one column per persona.

Cells as in tests/permission_matrix.py (200, saved, login, 403, 404, 405). Personas: the shared ones (anon, pat,
fran facilitator at glas, alice glas's admin, olly the other organisation's admin) and, from tests/networks/conftest,
cora (coordinator of wales) and nia (coordinator of north, which is in wales; glas is in north). The "answer" row is
olly's organisation invited into north; "remove" is glas in north.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.engagements.models import AuditEvent
from coproduce.networks.models import KnowledgeNote, Network, NetworkCoordinator, NetworkMember
from tests.permission_matrix import Request, assert_row, parse_matrix, run_row, texts_of, url_names

PERSONAS = ["anon", "pat", "fran", "alice", "olly", "cora", "nia"]

MATRIX = """
view                scope  anon   pat    fran   alice  olly   cora   nia
list                -      200    200    200    200    200    200    200
list_post           -      405    405    405    405    405    405    405
detail              -      200    200    200    200    200    200    200
detail_missing      -      404    404    404    404    404    404    404
new                 -      login  403    403    200    200    403    403
new_post            -      login  403    403    saved  saved  403    403
manage              -      login  403    403    403    403    200    403
manage_post         -      login  403    403    403    403    saved  403
note_new            -      login  403    200    200    403    200    403
note_new_post       -      login  403    saved  saved  403    saved  403
audit               -      login  403    403    403    403    200    403
answer_post         -      login  403    403    403    saved  403    403
answer_get          -      login  405    405    405    405    405    405
remove_post         -      login  403    403    saved  403    403    saved
organisation        -      login  403    403    200    403    403    403
organisation_post   -      login  403    403    saved  403    403    403
"""

ROW_URL = {
    "list": "networks:list",
    "list_post": "networks:list",
    "detail": "networks:detail",
    "detail_missing": "networks:detail",
    "new": "networks_staff:new",
    "new_post": "networks_staff:new",
    "manage": "networks_staff:manage",
    "manage_post": "networks_staff:manage",
    "note_new": "networks_staff:note_new",
    "note_new_post": "networks_staff:note_new",
    "audit": "networks_staff:audit",
    "answer_post": "networks_staff:answer",
    "answer_get": "networks_staff:answer",
    "remove_post": "networks_staff:remove",
    "organisation": "networks_staff:organisation",
    "organisation_post": "networks_staff:organisation",
}

ROWS = parse_matrix(MATRIX, PERSONAS)


def build_request(view: str, w) -> Request:
    invited = NetworkMember.objects.get(network=w.north, organisation=w.other_org)
    glas_in_north = NetworkMember.objects.get(network=w.north, organisation=w.org)
    args = {
        "networks:detail": ["wales"],
        "networks_staff:manage": ["wales"],
        "networks_staff:note_new": ["wales"],
        "networks_staff:audit": ["wales"],
        "networks_staff:answer": [invited.pk],
        "networks_staff:remove": [glas_in_north.pk],
        "networks_staff:organisation": ["glas"],
    }
    name = ROW_URL[view]
    url = reverse(name, args=args.get(name, []))
    if view == "detail_missing":
        url = reverse(name, args=["nowhere"])
    posts = {
        "list_post": {},
        "new_post": {"name_en": "South Wales", "name_cy": "De Cymru"},
        "manage_post": {"form": "invite_organisation", "org-organisation": w.other_org.pk},
        "note_new_post": {
            "title": "Drop-ins",
            "what_worked": "Evenings.",
            "language": "en",
            **({"organisation": w.org.pk}),
        },
        "answer_post": {"answer": "accept"},
        "remove_post": {},
        "organisation_post": {"network": w.wales.pk},
    }
    if view in posts:
        data = posts[view]
        if view == "note_new_post":
            # Each persona writes for their own organisation in the network, or (a coordinator) for the network.
            return Request("post", url, lambda: data)
        return Request("post", url, data)
    return Request("get", url)


def snapshot() -> tuple:
    return (
        texts_of(Network),
        list(NetworkMember.objects.order_by("pk").values_list("pk", "network_id", "organisation_id", "status")),
        list(NetworkCoordinator.objects.order_by("pk").values_list("network_id", "user_id")),
        KnowledgeNote.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def matrix_world(networks):
    w = networks
    NetworkMember.objects.create(network=w.north, organisation=w.other_org, status=NetworkMember.Status.INVITED)
    return w


@pytest.mark.parametrize(("view", "scope", "expected"), [pytest.param(*row, id=row[0]) for row in ROWS])
def test_permission_matrix(view, scope, expected, matrix_world):
    w = matrix_world
    request = build_request(view, w)
    if view == "note_new_post":
        # cora writes as the network's coordinator (no organisation); the others for glas.
        got = {}
        for persona in PERSONAS:
            data = {"title": "Drop-ins", "what_worked": "Evenings.", "language": "en"}
            if persona != "cora":
                data["organisation"] = w.org.pk
            got.update(run_row([persona], Request("post", request.url, data), w, snapshot))
    else:
        got = run_row(PERSONAS, request, w, snapshot)
    assert_row(view, scope, PERSONAS, expected, got)


def test_matrix_covers_every_url_name():
    ours = url_names("networks", "networks_staff", qualified=True)
    covered = {ROW_URL[view] for view, _s, _e in ROWS}
    assert ours and ours - covered == set(), "views without a row in the permission matrix"
