"""Requests the site cannot serve get the right answer, never a 500 (issue 13, item 6): a body over the upload
limit is 413; a NUL character in the path or query is 400 (PostgreSQL refuses NUL in text, so it once was a 500
there); a database that cannot be reached is 503 with Retry-After. API addresses answer in the API's error format,
pages with a plain page in the reader's language. Run on SQLite and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from unittest import mock

import pytest
from django.db import IntegrityError, OperationalError
from django.db.backends import utils as db_utils
from django.test import Client
from django.urls import reverse

from coproduce.conversations.models import Statement, Vote, VoteEvent
from coproduce.engagements.models import Participant
from coproduce.engagements.participants import make_token
from tests.api.conftest import api_world  # noqa: F401 - the API personas

TEN_MB = 10 * 1024 * 1024


def api_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code, body
    return body["error"]


def counts() -> tuple:
    return Statement.objects.count(), Vote.objects.count(), VoteEvent.objects.count(), Participant.objects.count()


# --- 413: a body over DATA_UPLOAD_MAX_MEMORY_SIZE ---------------------------------------------------------------
def test_a_10_mb_api_body_is_413_in_json_and_changes_nothing(api_world, client):  # noqa: F811
    before = counts()
    statement = api_world.public_statements[0]
    body = json.dumps({"statement": statement.pk, "value": 1, "padding": "x" * TEN_MB})
    response = client.post(
        "/api/v1/engagements/outpatients/votes",
        body,
        content_type="application/json",
        HTTP_X_PARTICIPANT_TOKEN=make_token([api_world.public_people[0].public_id]),
    )
    error = api_error(response, 413, "request_too_large")
    assert "too large" in error["message"]
    assert counts() == before


def test_a_10_mb_form_is_413_with_a_page_in_the_readers_language(world, client):
    response = client.post(
        reverse("core:set_language"), {"language": "cy", "next": "x" * TEN_MB}, HTTP_ACCEPT_LANGUAGE="cy"
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "Mae’r hyn a anfonwyd gennych yn rhy fawr" in response.content.decode()
    assert "coproduce_language" not in response.cookies


def test_a_body_under_the_limit_still_works(api_world, client):  # noqa: F811
    statement = api_world.public_statements[0]
    response = client.post(
        "/api/v1/engagements/outpatients/votes",
        {"statement": statement.pk, "value": 1},
        content_type="application/json",
        HTTP_X_PARTICIPANT_TOKEN=make_token([api_world.public_people[0].public_id]),
    )
    assert response.status_code == 200, response.content


# --- 400: NUL in the path or the query -----------------------------------------------------------------------
NUL_PAGES = [
    "/engagements/%00/",
    "/engagements/outpatients%00/",
    "/engagements/outpatients/?page=%00",
    "/static/coproduce/site%00.css",
    "/?q=a%00b",
    "/?q%00=1",
]
NUL_API = [
    "/api/v1/engagements/%00",
    "/api/v1/engagements/outpatients%00/statements",
    "/api/v1/engagements?organisation=%00",
    "/api/v1/engagements?organisation=glas%00&visibility=public",
    "/api/v1/organisations?page=1%00",
]


@pytest.mark.parametrize("url", NUL_PAGES)
def test_nul_in_a_page_address_is_400(world, client, url):
    response = client.get(url)
    assert response.status_code == 400, (url, response.status_code)
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("url", NUL_API)
def test_nul_in_an_api_address_is_400_in_json(api_world, client, url):  # noqa: F811
    api_error(client.get(url, HTTP_AUTHORIZATION=f"Bearer {api_world.read_secret}"), 400, "bad_request")


def test_nul_in_a_staff_search_is_400(world, as_user):
    url = reverse("listening_staff:erase", args=[world.public.slug]) + "?q=pat%00"
    response = as_user(world.alice).get(url)
    assert response.status_code == 400


def test_an_encoded_percent_sign_is_not_a_nul(world, client):
    # %2500 is the three characters "%00", which every database stores: nothing to refuse.
    assert client.get("/engagements/outpatients/?x=%2500").status_code == 200


# --- 503: the database cannot be reached -------------------------------------------------------------------
def every_query_raises(error: Exception):
    # Undone before the test database is rolled back (monkeypatch would be undone after, breaking the rollback).
    def refuse(self, *args, **kwargs):
        raise error

    return mock.patch.multiple(db_utils.CursorWrapper, execute=refuse, executemany=refuse)


@pytest.fixture
def database_down(db):
    with every_query_raises(
        OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    ):
        yield


def test_a_database_outage_is_503_with_retry_after(world, database_down):
    response = Client(raise_request_exception=False).get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "The service is briefly unavailable" in response.content.decode()
    welsh = Client(raise_request_exception=False).get("/", HTTP_ACCEPT_LANGUAGE="cy")
    assert welsh.status_code == 503
    assert "Nid yw’r gwasanaeth ar gael am ychydig" in welsh.content.decode()


def test_a_database_outage_while_reading_the_session_user_is_503(world, client):
    # The signed-in user is loaded by the middleware (the language choice reads their preference), before any view.
    client.force_login(world.fran)
    client.raise_request_exception = False
    with every_query_raises(OperationalError("server closed the connection unexpectedly")):
        response = client.get("/engagements/outpatients/")
    assert response.status_code == 503
    assert "Retry-After" in response


def test_a_database_outage_on_the_api_is_503_in_json(api_world, database_down):  # noqa: F811
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/engagements", HTTP_AUTHORIZATION=f"Bearer {api_world.read_secret}")
    api_error(response, 503, "service_unavailable")
    assert int(response["Retry-After"]) > 0


def test_an_integrity_error_is_not_disguised_as_an_outage(world):
    with every_query_raises(IntegrityError("duplicate key value violates unique constraint")):
        response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response


SERVE_WITHOUT_DATABASE = textwrap.dedent("""
    import django, json
    django.setup()
    from django.test import Client
    client = Client(raise_request_exception=False)
    answers = {}
    for url in ("/", "/engagements/outpatients/", "/api/v1/engagements"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        answers[url] = [response.status_code, response.get("Retry-After"), response.content.decode()[:2000]]
    print(json.dumps(answers))
""")


@pytest.mark.parametrize(
    "database_url",
    ["postgres://postgres@127.0.0.1:1/test", "sqlite:////nonexistent/coproduce/db.sqlite3"],
    ids=["postgresql-closed-port", "sqlite-missing-folder"],
)
def test_an_unreachable_database_is_503_in_production_settings(database_url):
    unset = {"SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        DEBUG="false",
        SECRET_KEY="x" * 20 + "-a-long-random-production-secret-value-0123456789",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="coproduce.settings",
        LOG_LEVEL="CRITICAL",
    )
    result = subprocess.run(
        [sys.executable, "-c", SERVE_WITHOUT_DATABASE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    for url, (status, retry_after, content) in answers.items():
        assert status == 503, (url, status, content)
        assert retry_after and int(retry_after) > 0, url
    assert "The service is briefly unavailable" in answers["/"][2]
    assert json.loads(answers["/api/v1/engagements"][2])["error"]["code"] == "service_unavailable"
