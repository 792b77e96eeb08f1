"""The live OpenAPI schema, fuzzed with schemathesis: no server error, and every response (errors included)
matches what the schema declares — status code, content type, headers and body.

Each operation runs as an anonymous client, with an organisation's read key, and as a participant holding a
token, against a world with public, link-only and private engagements (tests/api/conftest.py). The number of
examples is bounded so that the whole file stays well under a minute on a laptop.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from coproduce.engagements.participants import make_token

EXAMPLES = 25


# Fetched from the running application (its WSGI handler), as a client would: the schema is the live one.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


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
    settings.RATELIMIT_ENABLED = False  # the fuzzer writes far faster than any person; limits are tested elsewhere
    return {
        "anonymous": {},
        "read key": {"Authorization": f"Bearer {api_world.read_secret}"},
        "participant": {"X-Participant-Token": make_token([api_world.public_people[0].public_id])},
    }


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_conforms_to_the_schema(case, credentials):
    for headers in credentials.values():
        case.call_and_validate(headers=headers)
