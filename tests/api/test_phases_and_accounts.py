"""The API follows the phases and the conversation's settings exactly as the pages do."""

from __future__ import annotations

from coproduce.conversations.models import Statement, Vote
from coproduce.engagements.models import Participant, Phase
from coproduce.engagements.participants import make_token


def post(client, url, body, **headers):
    return client.post(url, body, content_type="application/json", **headers)


def token(world) -> dict:
    return {"HTTP_X_PARTICIPANT_TOKEN": make_token([world.public_people[0].public_id])}


def test_when_no_phase_is_open_nothing_can_be_written_and_results_wait(api_world, client):
    Phase.objects.filter(engagement=api_world.public).update(state=Phase.State.CLOSED)
    before = Statement.objects.count(), Vote.objects.count(), Participant.objects.count()
    assert (
        post(client, "/api/v1/engagements/outpatients/participants", {"consent": True}).json()["error"]["code"]
        == "not_open"
    )
    assert (
        post(client, "/api/v1/engagements/outpatients/statements", {"text": "Late words"}, **token(api_world)).json()[
            "error"
        ]["code"]
        == "not_open"
    )
    response = post(
        client,
        "/api/v1/engagements/outpatients/votes",
        {"statement": api_world.public_statements[0].pk, "value": 1},
        **token(api_world),
    )
    assert response.status_code == 403 and response.json()["error"]["code"] == "voting_closed"
    assert (Statement.objects.count(), Vote.objects.count(), Participant.objects.count()) == before
    assert client.get("/api/v1/engagements/outpatients/analysis").json()["error"]["code"] == "results_not_open"
    assert client.get("/api/v1/engagements/outpatients/exports").status_code == 403
    # ... while the organisation's own key still reads the results, as its admins do.
    key = {"HTTP_AUTHORIZATION": f"Bearer {api_world.read_secret}"}
    assert client.get("/api/v1/engagements/outpatients/analysis", **key).status_code == 200


def test_engagements_that_require_an_account(api_world, client):
    conversation = api_world.public.conversation
    conversation.require_account = True
    conversation.save()
    response = post(client, "/api/v1/engagements/outpatients/participants", {"consent": True})
    assert response.status_code == 403 and response.json()["error"]["code"] == "account_required"
    response = post(
        client,
        "/api/v1/engagements/outpatients/votes",
        {"statement": api_world.public_statements[0].pk, "value": 1},
        **token(api_world),
    )
    assert response.json()["error"]["code"] == "account_required"
    client.force_login(api_world.pat)
    response = post(client, "/api/v1/engagements/outpatients/participants", {"consent": True})
    assert response.status_code == 201
    pat = Participant.objects.get(engagement=api_world.public, user=api_world.pat)
    assert pat.consented_at is not None
    assert (
        post(
            client,
            "/api/v1/engagements/outpatients/votes",
            {"statement": api_world.public_statements[0].pk, "value": 0},
        ).status_code
        == 200
    )
    assert Vote.objects.get(participant=pat, statement=api_world.public_statements[0]).value == 0


def test_statement_lists_are_paginated_and_filtered(api_world, client):
    url = "/api/v1/engagements/outpatients/statements"
    page = client.get(url, {"limit": 2, "offset": 1}).json()
    assert page["count"] == 3 and page["limit"] == 2 and page["offset"] == 1
    assert [s["id"] for s in page["items"]] == [s.pk for s in api_world.public_statements[1:3]]
    assert client.get(url, {"origin": "participant"}).json()["count"] == 0
    assert client.get(url, {"origin": "seed"}).json()["count"] == 3
    for bad in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"origin": "nope"}):
        assert client.get(url, bad).status_code == 422, bad
    engagements = client.get("/api/v1/engagements", {"organisation": "other"}).json()
    assert engagements["count"] == 0


def test_a_voting_client_gets_the_next_statement_and_its_own_votes(api_world, client):
    joined = client.post(
        "/api/v1/engagements/outpatients/participants", {"consent": True}, content_type="application/json"
    )
    headers = {"HTTP_X_PARTICIPANT_TOKEN": joined.json()["token"]}
    seen = []
    while True:
        step = client.get("/api/v1/engagements/outpatients/next-statement", **headers).json()
        assert step["voted"] == len(seen) and step["remaining"] == 3 - len(seen)
        if step["statement"] is None:
            break
        assert step["statement"]["id"] not in seen
        seen.append(step["statement"]["id"])
        assert (
            post(
                client, "/api/v1/engagements/outpatients/votes", {"statement": seen[-1], "value": 1}, **headers
            ).status_code
            == 200
        )
    assert sorted(seen) == sorted(s.pk for s in api_world.public_statements[:3])  # never the hidden one
    mine = client.get("/api/v1/engagements/outpatients/votes", **headers).json()["items"]
    assert mine == [{"statement": pk, "value": 1} for pk in sorted(seen)]
