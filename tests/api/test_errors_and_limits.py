"""Every API error has the same body, in the request's language; bad input changes nothing; writes are rate
limited with 429 and Retry-After; session writes need the CSRF token; unexpected errors answer 500 in JSON."""

from __future__ import annotations

import pytest
from django.test import Client

from coproduce.conversations.models import Statement, Vote, VoteEvent
from coproduce.engagements.models import Participant
from coproduce.engagements.participants import make_token


def error_of(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    if code:
        assert body["error"]["code"] == code, body
    return body["error"]


def token_for(world) -> dict:
    return {"HTTP_X_PARTICIPANT_TOKEN": make_token([world.public_people[0].public_id])}


def counts() -> tuple:
    return Statement.objects.count(), Vote.objects.count(), VoteEvent.objects.count(), Participant.objects.count()


def test_unknown_addresses_and_objects_answer_404_in_json(api_world, client):
    error_of(client.get("/api/v1/no/such/thing"), 404, "not_found")
    error_of(client.get("/api/v1/engagements/nope"), 404, "not_found")
    error_of(client.get("/api/v1/organisations/nope"), 404, "not_found")
    error_of(client.get("/api/v1/engagements/outpatients/exports/nope.csv"), 404, "not_found")


def test_messages_follow_accept_language(api_world, client):
    english = error_of(client.get("/api/v1/engagements/nope", HTTP_ACCEPT_LANGUAGE="en"), 404)
    welsh = error_of(client.get("/api/v1/engagements/nope", HTTP_ACCEPT_LANGUAGE="cy"), 404)
    assert english["message"] != welsh["message"]
    assert welsh["message"].startswith("Heb ddod o hyd iddo")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"statement": 1, "value": 2}, "value"),
        ({"value": 1}, "statement"),
        ({"statement": "x", "value": 1}, "statement"),
    ],
)
def test_invalid_votes_are_422_naming_the_field_and_change_nothing(api_world, client, body, field):
    before = counts()
    error = error_of(
        client.post(
            "/api/v1/engagements/outpatients/votes", body, content_type="application/json", **token_for(api_world)
        ),
        422,
        "invalid_request",
    )
    assert field in {d["field"] for d in error["details"]}
    assert counts() == before


def test_a_vote_on_a_hidden_or_foreign_statement_is_refused(api_world, client):
    before = counts()
    for statement in (api_world.public_statements[-1], api_world.private_statements[0]):  # hidden; other engagement
        error = error_of(
            client.post(
                "/api/v1/engagements/outpatients/votes",
                {"statement": statement.pk, "value": 1},
                content_type="application/json",
                **token_for(api_world),
            ),
            422,
            "unknown_statement",
        )
        assert error["details"][0]["field"] == "statement"
    assert counts() == before


def test_malformed_json_is_400(api_world, client):
    error_of(
        client.post(
            "/api/v1/engagements/outpatients/votes",
            "{not json",
            content_type="application/json",
            **token_for(api_world),
        ),
        400,
    )
    # Half of a character (a lone surrogate escape) is JSON no text can hold: the database refused it with a 500.
    before = counts()
    error_of(
        client.post(
            "/api/v1/engagements/outpatients/statements",
            '{"text": "Half a \\ud800 character"}',
            content_type="application/json",
            **token_for(api_world),
        ),
        400,
        "bad_request",
    )
    assert counts() == before
    # A whole character written as its two halves is one character, and welcome.
    response = client.post(
        "/api/v1/engagements/outpatients/statements",
        '{"text": "Smiles \\ud83d\\ude00 please"}',
        content_type="application/json",
        **token_for(api_world),
    )
    assert response.status_code == 201 and response.json()["text"] == "Smiles \U0001f600 please"


def test_bad_credentials_are_401_not_ignored(api_world, client):
    error_of(client.get("/api/v1/engagements", HTTP_AUTHORIZATION="Bearer cpk_00000000_nope"), 401, "invalid_api_key")
    error_of(client.get("/api/v1/engagements", HTTP_AUTHORIZATION="Basic abc"), 401, "invalid_authorization")
    error_of(client.get("/api/v1/engagements", HTTP_X_PARTICIPANT_TOKEN="forged"), 401, "invalid_participant_token")
    # A valid key with a tampered secret (right prefix, wrong rest) is refused too.
    tampered = api_world.read_secret[:-4] + "AAAA"
    error_of(client.get("/api/v1/engagements", HTTP_AUTHORIZATION=f"Bearer {tampered}"), 401, "invalid_api_key")


def test_voting_twice_keeps_one_vote_and_the_history(api_world, client):
    url = "/api/v1/engagements/outpatients/votes"
    statement = api_world.public_statements[1]
    participant = api_world.public_people[0]
    for value in (1, 1, -1):
        response = client.post(
            url, {"statement": statement.pk, "value": value}, content_type="application/json", **token_for(api_world)
        )
        assert response.status_code == 200
    assert Vote.objects.get(participant=participant, statement=statement).value == -1
    assert VoteEvent.objects.filter(participant=participant, statement=statement).count() == 1 + 3


def test_duplicate_statements_are_409_and_pre_moderated_ones_pending(api_world, client):
    url = "/api/v1/engagements/outpatients/statements"
    existing = api_world.public_statements[0]
    before = counts()
    error = error_of(
        client.post(
            url, {"text": existing.text.upper() + "!"}, content_type="application/json", **token_for(api_world)
        ),
        409,
        "duplicate_statement",
    )
    assert error["details"][0]["message"] == str(existing.pk)
    hidden = api_world.public_statements[-1]
    error = error_of(
        client.post(url, {"text": hidden.text}, content_type="application/json", **token_for(api_world)),
        409,
        "duplicate_statement",
    )
    assert error["details"] == []  # nothing to point to: it is hidden
    error_of(
        client.post(url, {"text": "   "}, content_type="application/json", **token_for(api_world)),
        422,
        "invalid_statement",
    )
    error_of(
        client.post(url, {"text": "x" * 281}, content_type="application/json", **token_for(api_world)),
        422,
        "invalid_statement",
    )
    assert counts() == before
    api_world.public.conversation.moderation = "pre"
    api_world.public.conversation.save()
    response = client.post(
        url, {"text": "  Reminders  by text, please "}, content_type="application/json", **token_for(api_world)
    )
    assert response.status_code == 201
    assert response.json() == {
        "id": response.json()["id"],
        "text": "Reminders by text, please",
        "language": "en",  # detected from the words: none was sent
        "status": "pending",
    }
    listed = client.get(url).json()["items"]
    assert "Reminders by text, please" not in {s["text"] for s in listed}


def test_joining_needs_consent_and_a_known_perspective(api_world, client):
    url = "/api/v1/engagements/outpatients/participants"
    before = counts()
    error_of(client.post(url, {"consent": False}, content_type="application/json"), 422, "consent_required")
    foreign = api_world.private.perspectives.first()
    error_of(
        client.post(url, {"consent": True, "perspective": foreign.pk}, content_type="application/json"),
        422,
        "unknown_perspective",
    )
    assert counts() == before
    own = api_world.public.perspectives.last()
    response = client.post(url, {"consent": True, "perspective": own.pk}, content_type="application/json")
    assert response.status_code == 201 and response.json()["perspective"] == own.pk
    participant = Participant.objects.latest("pk")
    assert participant.consented_at is not None and participant.perspective == own and participant.user is None


def test_a_token_serves_several_engagements(api_world, client, as_user):
    first = client.post(
        "/api/v1/engagements/outpatients/participants", {"consent": True}, content_type="application/json"
    ).json()["token"]
    second = client.post(
        "/api/v1/engagements/outpatients/participants",
        {"consent": True},
        content_type="application/json",
        HTTP_X_PARTICIPANT_TOKEN=first,
    ).json()["token"]
    # Joining again with the token reuses the same participant: no second record.
    assert (
        Participant.objects.filter(engagement=api_world.public, user__isnull=True).count()
        == len(api_world.public_people) + 1
    )
    vote = client.post(
        "/api/v1/engagements/outpatients/votes",
        {"statement": api_world.public_statements[0].pk, "value": 0},
        content_type="application/json",
        HTTP_X_PARTICIPANT_TOKEN=second,
    )
    assert vote.status_code == 200


@pytest.fixture
def one_window(monkeypatch):
    """The limits count in fixed one-minute windows: keep the test inside one, whatever the clock says."""
    import time

    now = int(time.time())
    start = now - now % 60 + 1
    monkeypatch.setattr("coproduce.core.ratelimit.time.time", lambda: float(start))


def test_writes_are_rate_limited_with_retry_after(api_world, client, one_window):
    url = "/api/v1/engagements/outpatients/votes"
    statement = api_world.public_statements[0]
    statuses = [
        client.post(
            url, {"statement": statement.pk, "value": 1}, content_type="application/json", **token_for(api_world)
        ).status_code
        for _ in range(121)
    ]
    assert statuses[:120] == [200] * 120
    response = client.post(
        url, {"statement": statement.pk, "value": 1}, content_type="application/json", **token_for(api_world)
    )
    error_of(response, 429, "too_many_requests")
    assert 0 < int(response["Retry-After"]) <= 60
    # Another participant is not held up by the first one.
    other = {"HTTP_X_PARTICIPANT_TOKEN": make_token([api_world.public_people[1].public_id])}
    assert (
        client.post(url, {"statement": statement.pk, "value": 1}, content_type="application/json", **other).status_code
        == 200
    )


def test_joining_is_rate_limited_per_address(api_world, client, one_window):
    url = "/api/v1/engagements/outpatients/participants"
    for _ in range(60):
        assert client.post(url, {"consent": True}, content_type="application/json").status_code == 201
    before = counts()
    response = client.post(url, {"consent": True}, content_type="application/json")
    error_of(response, 429, "too_many_requests")
    assert response["Retry-After"]
    assert counts() == before


def test_session_writes_need_the_csrf_token(api_world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(api_world.fran)
    url = "/api/v1/engagements/outpatients/participants"
    before = counts()
    error_of(browser.post(url, {"consent": True}, content_type="application/json"), 403, "csrf_failed")
    assert counts() == before
    browser.get("/engagements/outpatients/")  # sets the csrftoken cookie
    token = browser.cookies["csrftoken"].value
    assert (
        browser.post(url, {"consent": True}, content_type="application/json", HTTP_X_CSRFTOKEN=token).status_code == 201
    )
    # Reads need no token; a key or a participant token ignores the session (and its cookie) altogether.
    assert browser.get("/api/v1/engagements/staff-wellbeing").status_code == 200
    assert (
        browser.get("/api/v1/engagements/staff-wellbeing", HTTP_X_PARTICIPANT_TOKEN=make_token([])).status_code == 404
    )


def test_unexpected_errors_are_500_in_json(api_world, monkeypatch):
    from coproduce.api.routers import organisations

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(organisations, "organisation_out", explode)
    client = Client(raise_request_exception=False)
    error = error_of(client.get("/api/v1/organisations/glas"), 500, "server_error")
    assert "boom" not in error["message"]


def test_a_wrong_method_is_405_in_json_with_allow(api_world, client):
    response = client.delete("/api/v1/engagements/outpatients/votes")
    error_of(response, 405, "method_not_allowed")
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}


def test_a_browser_session_lends_nothing_to_a_key_or_token_caller(api_world):
    """A link-only engagement opened in this browser (its key in the session) stays hidden from a request that
    authenticates with a participant token: such requests carry no browser identity at all."""
    browser = Client()
    browser.get(f"/join/{api_world.link.access_key}/")
    assert browser.get("/api/v1/engagements/carers-link").status_code == 200  # the session itself may see it
    token = {"HTTP_X_PARTICIPANT_TOKEN": make_token([api_world.public_people[0].public_id])}
    assert browser.get("/api/v1/engagements/carers-link", **token).status_code == 404


def test_field_problems_are_explained_in_welsh_too(api_world, client):
    response = client.post(
        "/api/v1/engagements/outpatients/votes",
        {"statement": "x"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="cy",
        **token_for(api_world),
    )
    error = error_of(response, 422, "invalid_request")
    by_field = {d["field"]: d["message"] for d in error["details"]}
    assert by_field == {"statement": "Rhowch rif cyfan.", "value": "Mae angen llenwi’r maes hwn."}
    assert error["message"] == "Nid yw’r cais yn ddilys: gweler y manylion."


def test_a_link_only_engagement_is_joined_with_its_link_key(api_world, client):
    url = "/api/v1/engagements/carers-link/participants"
    assert client.post(url, {"consent": True}, content_type="application/json").status_code == 404
    assert client.post(url, {"consent": True, "link_key": "wrong"}, content_type="application/json").status_code == 404
    private = "/api/v1/engagements/staff-wellbeing/participants"
    assert (
        client.post(
            private, {"consent": True, "link_key": api_world.private.access_key}, content_type="application/json"
        ).status_code
        == 404
    )  # private engagements have no link
    response = client.post(
        url, {"consent": True, "link_key": api_world.link.access_key}, content_type="application/json"
    )
    assert response.status_code == 201
    token = {"HTTP_X_PARTICIPANT_TOKEN": response.json()["token"]}
    assert client.get("/api/v1/engagements/carers-link", **token).status_code == 200
    vote = client.post(
        "/api/v1/engagements/carers-link/votes",
        {"statement": api_world.link_statements[0].pk, "value": 1},
        content_type="application/json",
        **token,
    )
    assert vote.status_code == 200
