"""Who gets what from every API operation: one row per (operation, engagement), one column per caller.

Read a row as "this is what each kind of caller gets from this operation on this engagement". Cells are HTTP
status codes; every refused write (4xx) must also leave the database unchanged, and every accepted write changes it.

Callers: anon (no credentials), pseudo (participant token of someone taking part in the public engagement),
pat (session; participant with an account, invited to the private engagement, not yet consented anywhere),
fran (session; facilitator of glas's three engagements), alice (session; admin of glas), olly (session; admin of
another organisation), read and write (API keys of glas), other (write key of the other organisation), revoked
(a revoked key of glas). Engagements: public, link and private of glas, and "other" (private, of the other
organisation). A guard fails if an operation of the live schema has no row here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from coproduce.api.main import api
from coproduce.api.models import ApiKey
from coproduce.conversations.models import Statement, Vote, VoteEvent
from coproduce.engagements.models import Participant
from coproduce.engagements.participants import make_token
from tests.open_data import build_open_data

CALLERS = ["anon", "pseudo", "pat", "fran", "alice", "olly", "read", "write", "other", "revoked"]

MATRIX = """
operation           engagement  anon  pseudo pat  fran alice olly read write other revoked
list_organisations  -           200   200    200  200  200   200  200  200   200   401
get_organisation    -           200   200    200  200  200   200  200  200   200   401
list_engagements    -           200   200    200  200  200   200  200  200   200   401
list_assets         -           200   200    200  200  200   200  200  200   200   401
get_asset           -           404   404    404  404  404   404  404  404   404   401
list_journey_rounds -           200   200    200  200  200   200  200  200   200   401
get_journey_round   -           404   404    404  404  404   404  404  404   404   401
open_data_journey_rounds -      200   200    200  200  200   200  200  200   200   401
list_events         -           200   200    200  200  200   200  200  200   200   401
get_event           -           404   404    404  404  404   404  404  404   404   401
list_event_sessions -           404   404    404  404  404   404  404  404   404   401
get_event_grid      -           404   404    404  404  404   404  404  404   404   401
list_notices        -           200   200    200  200  200   200  200  200   200   401
list_study_clubs    -           200   200    200  200  200   200  200  200   200   401
list_learning_items -           200   200    200  200  200   200  200  200   200   401
get_learning_item   -           404   404    404  404  404   404  404  404   404   401
list_learning_paths -           200   200    200  200  200   200  200  200   200   401
list_networks       -           200   200    200  200  200   200  200  200   200   401
get_network         -           404   404    404  404  404   404  404  404   404   401
list_services       -           200   200    200  200  200   200  200  200   200   401
get_service         -           404   404    404  404  404   404  404  404   404   401
open_data_assets    -           200   200    200  200  200   200  200  200   200   401
open_data_networks  -           200   200    200  200  200   200  200  200   200   401
open_data_services  -           200   200    200  200  200   200  200  200   200   401
open_data_events    -           200   200    200  200  200   200  200  200   200   401
open_data_event_sessions -      200   200    200  200  200   200  200  200   200   401

get_engagement      public      200   200    200  200  200   200  200  200   200   401
get_engagement      link        404   404    404  200  200   404  200  200   404   401
get_engagement      private     404   404    200  200  200   404  200  200   404   401
get_engagement      other       404   404    404  404  404   200  404  404   200   401
list_statements     public      200   200    200  200  200   200  200  200   200   401
list_statements     link        404   404    404  200  200   404  200  200   404   401
list_statements     private     404   404    200  200  200   404  200  200   404   401
list_statements     other       404   404    404  404  404   200  404  404   200   401
get_analysis        public      200   200    200  200  200   200  200  200   200   401
get_analysis        link        404   404    404  200  200   404  200  200   404   401
get_analysis        private     404   404    200  200  200   404  200  200   404   401
get_analysis        other       404   404    404  404  404   200  404  404   200   401
list_exports        public      200   200    200  200  200   200  200  200   200   401
list_exports        link        404   404    404  200  200   404  200  200   404   401
list_exports        private     404   404    200  200  200   404  200  200   404   401
list_exports        other       404   404    404  404  404   200  404  404   200   401
get_export          public      200   200    200  200  200   200  200  200   200   401
get_export          link        404   404    404  200  200   404  200  200   404   401
get_export          private     404   404    200  200  200   404  200  200   404   401
get_export          other       404   404    404  404  404   200  404  404   200   401

list_proposals      public      200   200    200  200  200   200  200  200   200   401
list_proposals      link        404   404    404  200  200   404  200  200   404   401
list_proposals      private     404   404    200  200  200   404  200  200   404   401
list_proposals      other       404   404    404  404  404   200  404  404   200   401
get_priorities      public      403   403    403  200  200   403  200  200   403   401
get_priorities      link        404   404    404  200  200   404  200  200   404   401
get_priorities      private     404   404    403  200  200   404  200  200   404   401
get_priorities      other       404   404    404  404  404   200  404  404   200   401
list_decisions      public      200   200    200  200  200   200  200  200   200   401
list_decisions      link        404   404    404  200  200   404  200  200   404   401
list_decisions      private     404   404    200  200  200   404  200  200   404   401
list_decisions      other       404   404    404  404  404   200  404  404   200   401
list_iterations     public      200   200    200  200  200   200  200  200   200   401
list_iterations     link        404   404    404  200  200   404  200  200   404   401
list_iterations     private     404   404    200  200  200   404  200  200   404   401
list_iterations     other       404   404    404  404  404   200  404  404   200   401
list_actions        public      200   200    200  200  200   200  200  200   200   401
list_actions        link        404   404    404  200  200   404  200  200   404   401
list_actions        private     404   404    200  200  200   404  200  200   404   401
list_actions        other       404   404    404  404  404   200  404  404   200   401
list_updates        public      200   200    200  200  200   200  200  200   200   401
list_updates        link        404   404    404  200  200   404  200  200   404   401
list_updates        private     404   404    200  200  200   404  200  200   404   401
list_updates        other       404   404    404  404  404   200  404  404   200   401
list_feedback       public      200   200    200  200  200   200  200  200   200   401
list_feedback       link        404   404    404  200  200   404  200  200   404   401
list_feedback       private     404   404    200  200  200   404  200  200   404   401
list_feedback       other       404   404    404  404  404   200  404  404   200   401

join_engagement     public      201   201    201  201  201   201  403  201   201   401
join_engagement     link        404   404    404  201  201   404  403  201   404   401
join_engagement     private     404   404    201  201  201   404  403  201   404   401
join_engagement     other       404   404    404  404  404   201  403  404   201   401
write_statement     public      401   201    403  403  403   403  403  201   403   401
write_statement     link        401   404    404  403  403   404  403  201   404   401
write_statement     private     401   404    403  403  403   404  403  201   404   401
write_statement     other       401   404    404  404  404   403  403  404   201   401
cast_vote           public      401   200    403  403  403   403  403  403   403   401
cast_vote           link        401   404    404  403  403   404  403  403   403   401
cast_vote           private     401   404    403  403  403   404  403  403   403   401
cast_vote           other       401   404    404  404  404   403  403  403   403   401
list_my_votes       public      401   200    403  403  403   403  403  403   403   401
list_my_votes       link        401   404    404  403  403   404  403  403   403   401
list_my_votes       private     401   404    403  403  403   404  403  403   403   401
list_my_votes       other       401   404    404  404  404   403  403  403   403   401
next_statement      public      401   200    403  403  403   403  403  403   403   401
next_statement      link        401   404    404  403  403   404  403  403   403   401
next_statement      private     401   404    403  403  403   404  403  403   403   401
next_statement      other       401   404    404  404  404   403  403  403   403   401
"""

WRITES = {"join_engagement", "write_statement", "cast_vote"}


def parse(text: str):
    lines = [line.split() for line in text.strip().splitlines() if line.strip()]
    header, rows = lines[0], lines[1:]
    assert header[2:] == CALLERS
    return [(row[0], row[1], dict(zip(CALLERS, row[2:]))) for row in rows]


ROWS = parse(MATRIX)


@dataclass
class Call:
    method: str
    url: str
    body: dict | None = None


def build_call(operation: str, world, engagement) -> Call:
    slug = engagement.slug if engagement else None
    statement = getattr(world, f"{_name(world, engagement)}_statements")[0] if engagement else None
    return {
        "list_organisations": lambda: Call("get", "/api/v1/organisations"),
        "get_organisation": lambda: Call("get", "/api/v1/organisations/glas"),
        "list_engagements": lambda: Call("get", "/api/v1/engagements"),
        # The asset map's open data (what each caller gets from it: tests/community/test_api_matrix.py).
        "list_assets": lambda: Call("get", "/api/v1/assets"),
        "get_asset": lambda: Call("get", "/api/v1/assets/999999"),
        # Published assessment rounds' figures (anonymity: tests/journeys/test_results_and_anonymity.py).
        "list_journey_rounds": lambda: Call("get", "/api/v1/journeys/rounds"),
        "get_journey_round": lambda: Call("get", "/api/v1/journeys/rounds/999999"),
        "open_data_journey_rounds": lambda: Call("get", "/api/v1/open-data/journey-rounds.csv"),
        # Events as open data (what they hold: tests/events/test_api.py).
        "list_events": lambda: Call("get", "/api/v1/events"),
        "get_event": lambda: Call("get", "/api/v1/events/nowhere"),
        "list_event_sessions": lambda: Call("get", "/api/v1/events/nowhere/sessions"),
        "get_event_grid": lambda: Call("get", "/api/v1/events/nowhere/grid"),
        # The noticeboard and learning's open data (what never leaves: tests/learning/test_api_matrix.py).
        "list_notices": lambda: Call("get", "/api/v1/notices"),
        "list_study_clubs": lambda: Call("get", "/api/v1/study-clubs"),
        "list_learning_items": lambda: Call("get", "/api/v1/learning-items"),
        "get_learning_item": lambda: Call("get", "/api/v1/learning-items/nothing-here"),
        "list_learning_paths": lambda: Call("get", "/api/v1/learning-paths"),
        # Networks, the services directory (ORUK) and their open data files (what they hold, and that no personal
        # detail is in them: tests/signposting/test_open_data_matrix.py).
        "list_networks": lambda: Call("get", "/api/v1/networks"),
        "get_network": lambda: Call("get", "/api/v1/networks/nowhere"),
        "list_services": lambda: Call("get", "/api/v1/services"),
        "get_service": lambda: Call("get", "/api/v1/services/999999"),
        "open_data_assets": lambda: Call("get", "/api/v1/open-data/assets.csv"),
        "open_data_networks": lambda: Call("get", "/api/v1/open-data/networks.csv"),
        "open_data_services": lambda: Call("get", "/api/v1/open-data/services-oruk.json"),
        # The events' open data files (what they hold: tests/events/test_api.py).
        "open_data_events": lambda: Call("get", "/api/v1/open-data/events.csv"),
        "open_data_event_sessions": lambda: Call("get", "/api/v1/open-data/event-sessions.csv"),
        "get_engagement": lambda: Call("get", f"/api/v1/engagements/{slug}"),
        "list_statements": lambda: Call("get", f"/api/v1/engagements/{slug}/statements"),
        "get_analysis": lambda: Call("get", f"/api/v1/engagements/{slug}/analysis"),
        "list_exports": lambda: Call("get", f"/api/v1/engagements/{slug}/exports"),
        "get_export": lambda: Call("get", f"/api/v1/engagements/{slug}/exports/statements.csv"),
        "list_proposals": lambda: Call("get", f"/api/v1/engagements/{slug}/proposals"),
        "get_priorities": lambda: Call("get", f"/api/v1/engagements/{slug}/priorities"),
        "list_decisions": lambda: Call("get", f"/api/v1/engagements/{slug}/decisions"),
        "list_iterations": lambda: Call("get", f"/api/v1/engagements/{slug}/iterations"),
        "list_actions": lambda: Call("get", f"/api/v1/engagements/{slug}/actions"),
        "list_updates": lambda: Call("get", f"/api/v1/engagements/{slug}/updates"),
        "list_feedback": lambda: Call("get", f"/api/v1/engagements/{slug}/feedback"),
        "join_engagement": lambda: Call("post", f"/api/v1/engagements/{slug}/participants", {"consent": True}),
        "write_statement": lambda: Call(
            "post", f"/api/v1/engagements/{slug}/statements", {"text": "Evening appointments would help working carers"}
        ),
        "cast_vote": lambda: Call(
            "post", f"/api/v1/engagements/{slug}/votes", {"statement": statement.pk, "value": -1}
        ),
        "list_my_votes": lambda: Call("get", f"/api/v1/engagements/{slug}/votes"),
        "next_statement": lambda: Call("get", f"/api/v1/engagements/{slug}/next-statement"),
    }[operation]()


def _name(world, engagement) -> str:
    return {
        world.public.pk: "public",
        world.link.pk: "link",
        world.private.pk: "private",
        world.other_private.pk: "other_private",
    }[engagement.pk]


def client_for(caller: str, world) -> tuple[Client, dict]:
    client = Client()
    if caller == "pseudo":
        return client, {"HTTP_X_PARTICIPANT_TOKEN": make_token([world.public_people[0].public_id])}
    if caller in ("pat", "fran", "alice", "olly"):
        client.force_login(getattr(world, caller))
        return client, {}
    secret = {
        "read": world.read_secret,
        "write": world.write_secret,
        "other": world.other_secret,
        "revoked": world.revoked_secret,
    }.get(caller)
    return client, ({"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {})


def state() -> tuple:
    return (
        list(Statement.objects.order_by("pk").values_list("pk", "text", "status", "origin")),
        list(Vote.objects.order_by("pk").values_list("pk", "participant_id", "statement_id", "value")),
        VoteEvent.objects.count(),
        list(Participant.objects.order_by("pk").values_list("pk", "consented_at", "perspective_id", "user_id")),
    )


@pytest.fixture
def matrix_world(api_world):
    key, api_world.revoked_secret = ApiKey.new(api_world.org, "Old", ApiKey.Scope.WRITE, api_world.alice)
    ApiKey.objects.filter(pk=key.pk).update(revoked_at=timezone.now())
    return api_world


@pytest.mark.parametrize(("operation", "where", "expected"), ROWS, ids=[f"{o}-{e}" for o, e, _ in ROWS])
def test_api_permission_matrix(matrix_world, operation, where, expected):
    world = matrix_world
    engagement = {
        "-": None,
        "public": world.public,
        "link": world.link,
        "private": world.private,
        "other": world.other_private,
    }[where]
    call = build_call(operation, world, engagement)
    if operation == "get_export":
        build_open_data(engagement)  # built in the background in real life (api/builds.py); a request builds nothing
    got, unexpected_change = {}, []
    for caller in CALLERS:
        client, headers = client_for(caller, world)
        with transaction.atomic():
            before = state()
            if call.method == "get":
                response = client.get(call.url, **headers)
            else:
                response = client.post(call.url, call.body, content_type="application/json", **headers)
            got[caller] = str(response.status_code)
            if response.status_code >= 400:
                body = response.json()
                assert set(body) == {"error"} and {"code", "message", "details"} <= set(body["error"]), body
            if operation in WRITES:
                changed = state() != before
                if changed != (response.status_code < 300):
                    unexpected_change.append(caller)
            transaction.set_rollback(True)
    differences = {c: f"expected {expected[c]}, got {got[c]}" for c in CALLERS if got[c] != expected[c]}
    assert not differences, differences
    assert not unexpected_change, (
        f"writes that changed nothing, or refusals that changed something: {unexpected_change}"
    )


def test_every_api_operation_has_rows():
    schema = api.get_openapi_schema()
    operations = {op["operationId"] for methods in schema["paths"].values() for op in methods.values()}
    assert operations == {operation for operation, _where, _expected in ROWS}


def test_lists_show_only_what_each_caller_may_see(matrix_world):
    world = matrix_world
    expected = {
        "anon": {"outpatients"},
        "pseudo": {"outpatients"},
        "pat": {"outpatients", "staff-wellbeing"},
        "fran": {"outpatients", "staff-wellbeing", "carers-link"},
        "alice": {"outpatients", "staff-wellbeing", "carers-link"},
        "olly": {"outpatients", "other-private"},
        "read": {"outpatients", "staff-wellbeing", "carers-link"},
        "write": {"outpatients", "staff-wellbeing", "carers-link"},
        "other": {"outpatients", "other-private"},
    }
    for caller, slugs in expected.items():
        client, headers = client_for(caller, world)
        items = client.get("/api/v1/engagements", **headers).json()["items"]
        assert {item["slug"] for item in items} == slugs, caller
        # and what the list shows, the detail shows: the set form and the accessor agree
        for slug in ("outpatients", "staff-wellbeing", "carers-link", "other-private"):
            status = client.get(f"/api/v1/engagements/{slug}", **headers).status_code
            assert (status == 200) == (slug in slugs), (caller, slug, status)
