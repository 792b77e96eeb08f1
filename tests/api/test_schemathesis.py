"""The live OpenAPI schema, fuzzed with schemathesis: no server error, and every response (errors included)
matches what the schema declares — status code, content type, headers and body.

Every built-in check runs (schemathesis enables them all unless told otherwise, and nothing here turns one off;
one is told which 422 two operations may give, and a check of our own holds them to exactly that), on positive
and negative data (requests that fit the schema, and requests that break it: those must be refused
with a 4xx), in every phase: the schema's examples, the coverage phase's boundary values, random fuzzing, and a
stateful run that follows the schema's links (list engagements → join one → vote on its statements, …) so that
requests reach real objects instead of 404s.

Each operation runs as an anonymous client, with an organisation's read key and write key, and as a participant
holding a token, against a world with public, link-only and private engagements (tests/api/conftest.py); the
stateful run as an anonymous client and with the write key. The seed is fixed and the number of examples bounded,
so the run is the same on every machine and the whole file stays within a couple of minutes on two cores.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, seed, settings

from coproduce.api.models import OpenDataBuild
from coproduce.engagements.participants import make_token
from tests.open_data import build_open_data

SEED = 20240613
EXAMPLES = 25
STATEFUL_SCENARIOS = 40
STATEFUL_STEPS = 8

#: The only 422 each of these operations may give to schema-valid data: an id that names nothing of the engagement.
UNKNOWN_REFERENCE = {"cast_vote": "unknown_statement", "join_engagement": "unknown_perspective"}


@schemathesis.check
def schema_valid_data_is_refused_only_for_unknown_ids(ctx, response, case):
    operation_id = case.operation.definition.raw.get("operationId")
    if (
        operation_id in UNKNOWN_REFERENCE
        and case.meta is not None
        and case.meta.generation.mode.is_positive
        and response.status_code == 422
    ):
        code = response.json()["error"]["code"]
        assert code == UNKNOWN_REFERENCE[operation_id], f"schema-valid data refused with 422 {code}"


CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        # "all": positive and negative data; the default too, said here because it is the point of the test.
        "generation": {"mode": "all", "max-examples": EXAMPLES, "database": "none"},
        # Any slug fits the schema, so the fuzzer alone would nearly always ask for one that does not exist (404): half
        # the time, it takes a real organisation's or engagement's of the world.
        "dictionaries": {
            "slugs": {"values": ["glas", "other", "outpatients", "staff-wellbeing", "carers-link", "other-private"]},
        },
        "parameters": {"slug": {"dictionary": "slugs", "probability": 0.5}},
        "phases": {"stateful": {"max-steps": STATEFUL_STEPS}},
        # A vote names a statement, and taking part may name a perspective, by id: a schema cannot say which ids exist,
        # so a well-formed request naming one that does not is refused with 422 (as documented), not 404 — the address
        # exists. These two operations may answer 422 to schema-valid data, and only for that reason: see the check
        # below, which holds them to it.
        "operations": [
            {
                "include-operation-id": sorted(UNKNOWN_REFERENCE),
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
                    }
                },
            }
        ],
        "suppress-health-check": ["all"],
    }
)

# Fetched from the running application (its WSGI handler), as a client would: the schema is the live one.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=CONFIG)


@pytest.fixture
def in_test_transaction():
    """Requests go straight to the WSGI handler, whose end-of-request signal would close the database connection
    (on PostgreSQL, a connection inside the test's transaction counts as unusable): keep it, as Django's test
    client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def credentials(api_world, settings, in_test_transaction):
    settings.RATELIMIT_ENABLED = False  # the fuzzer writes far faster than any person; 429s are tested below
    return {
        "anonymous": {},
        "read key": {"Authorization": f"Bearer {api_world.read_secret}"},
        "write key": {"Authorization": f"Bearer {api_world.write_secret}"},
        "participant": {"X-Participant-Token": make_token([api_world.public_people[0].public_id])},
    }


@pytest.mark.one_pass
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_to_the_schema(case, credentials, api_world):
    if case.path.endswith("/exports/{name}") and not OpenDataBuild.objects.exists():
        # Built in the background in real life (api/builds.py): until then a documented 503, which this check
        # would count as a server error.
        build_open_data(api_world.public, api_world.link, api_world.private, api_world.other_private)
    for headers in credentials.values():
        case.call_and_validate(headers=headers)


def workflow(headers: dict[str, str], counts: Counter):
    """The schema's state machine, calling as one caller and counting the steps it takes and the links it follows."""

    @seed(SEED)
    class Workflow(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            # A token handed on by a link (join → vote) is in the case's own headers: it goes with the caller's.
            return {"headers": {**headers, **(case.headers or {})}}

        def step(self, input):
            counts["steps"] += 1
            # A transition: a step that followed a link and took its values from the earlier response.
            if input.transition is not None and input.is_applied:
                counts["transitions"] += 1
            return super().step(input)

    return Workflow


@pytest.mark.one_pass
@pytest.mark.parametrize("who", ["anonymous", "write key"])
def test_stateful_sequences_conform_to_the_schema(who, credentials, api_world, capsys):
    # The open data as the background build leaves it (until then a documented 503, which would count as a server
    # error): the writes of the run rebuild it after their responses, as they do in real life.
    build_open_data(api_world.public, api_world.link, api_world.private, api_world.other_private)
    counts = Counter()
    started = time.monotonic()
    workflow(credentials[who], counts).run(
        settings=settings(
            CONFIG.projects.get_default().get_hypothesis_settings(phase="stateful"),
            max_examples=STATEFUL_SCENARIOS,
            derandomize=False,
            database=None,
        )
    )
    with capsys.disabled():
        print(
            f"\nschemathesis stateful run ({who}): {counts['transitions']} transitions in {counts['steps']} steps, "
            f"seed {SEED}, {time.monotonic() - started:.1f}s"
        )
    assert counts["transitions"] > 0


def test_every_write_operation_declares_its_429_and_gives_it(api_world, client):
    """The fuzzing above runs without rate limits; here each write the schema lists is sent until it is limited,
    as the writer it limits: the 429 it then gives is the one it declares (with the error body and Retry-After)."""
    statement = api_world.public_statements[0].pk
    token = {"HTTP_X_PARTICIPANT_TOKEN": make_token([api_world.public_people[0].public_id])}
    key = {"HTTP_AUTHORIZATION": f"Bearer {api_world.write_secret}"}
    writes = {
        "join_engagement": ("/api/v1/engagements/outpatients/participants", {"consent": True}, {}),
        "write_statement": ("/api/v1/engagements/outpatients/statements", {"text": "The same words again"}, key),
        "cast_vote": ("/api/v1/engagements/outpatients/votes", {"statement": statement, "value": 1}, token),
    }
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    declared = {
        operation["operationId"]: operation["responses"]
        for methods in paths.values()
        for method, operation in methods.items()
        if method in ("post", "put", "patch", "delete")
    }
    assert set(declared) == set(writes), "a new write operation: add it here with the writer its limit counts"
    for operation_id, (url, body, headers) in writes.items():
        assert {"413", "429"} <= set(declared[operation_id]), operation_id
        for _ in range(200):
            response = client.post(url, body, content_type="application/json", **headers)
            if response.status_code == 429:
                break
            assert response.status_code < 400 or response.status_code == 409, (operation_id, response.content)
        assert response.status_code == 429, f"{operation_id} was never limited"
        assert response.json()["error"]["code"] == "too_many_requests"
        assert 0 < int(response["Retry-After"]) <= 60


def test_the_statement_pattern_knows_the_spaces_the_form_drops():
    """StatementIn's pattern spells out str.split()'s spaces (JSON Schema's "\\s" is not Python's): the same ones."""
    import re
    import sys

    from coproduce.api.schemas import SPACES

    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert {chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(f"[{SPACES}]", chr(c))} == spaces
