"""The asset map's open data through the API: who gets what from each endpoint (anyone gets the same: it is open
data), and what never leaves — assets not shown to everyone, offers not yet published, a person's strength they did
not opt in to open data, and a sensitive asset's place, way in and coordinates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.community import actions
from coproduce.community.models import Asset
from tests.community.conftest import SECRET_LATITUDE, SECRET_PLACE
from tests.permission_matrix import client_for

COVERS = {"api-1:list_assets", "api-1:get_asset"}
PERSONAS = ["anon", "pat", "sam", "fran", "alice", "olly"]


@pytest.fixture
def open_world(assets):
    w = assets
    # pat's published strength, public, but not opted in to open data; and one opted in.
    w.not_open = actions.do_offer_strength(
        w.pat,
        w.org,
        {"name": "Not open skill"},
        {"kind": "skills", "postcode_district": "CF47", "holder_name": "Pat", "consent_public": True},
    )
    w.opted_in = actions.do_offer_strength(
        w.pat,
        w.org,
        {"name": "Open skill"},
        {
            "kind": "skills",
            "postcode_district": "CF47",
            "holder_name": "Pat",
            "consent_public": True,
            "open_data": True,
        },
    )
    for asset in (w.not_open, w.opted_in):
        actions.do_publish_asset(w.fran, asset, Asset.Visibility.PUBLIC)
    return w


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_gets_the_same_open_data_and_nothing_else(open_world, persona):
    w = open_world
    client = client_for(persona, w)
    response = client.get(reverse("api-1:list_assets"), {"limit": 100})
    assert response.status_code == 200
    data = response.json()
    names = sorted(item["name_en"] for item in data["items"])
    assert names == ["Open skill", "Other Council Library", "Riverside Park", "Safe Space Group"]
    assert data["count"] == 4
    body = response.content.decode()
    for secret in (SECRET_PLACE, "Ring the bell twice", SECRET_LATITUDE, "Staff Only", "Private Partner", "Not open"):
        assert secret not in body, secret
    sensitive = next(item for item in data["items"] if item["name_en"] == "Safe Space Group")
    assert sensitive["postcode_district"] == "CF46"
    assert (sensitive["place_name"], sensitive["latitude"], sensitive["how_to_reach"]) == (None, None, None)
    assert sensitive["licence"]["name"]

    for hidden in ("staff", "private", "offered"):
        assert client.get(reverse("api-1:get_asset", args=[w.asset[hidden].pk])).status_code == 404
    assert client.get(reverse("api-1:get_asset", args=[w.not_open.pk])).status_code == 404
    one = client.get(reverse("api-1:get_asset", args=[w.opted_in.pk])).json()
    assert one["held_by"] == "Pat" and one["latitude"] is None


def test_filters_and_language(client, open_world):
    w = open_world
    url = reverse("api-1:list_assets")
    assert [i["name_en"] for i in client.get(url, {"area": "sa1"}).json()["items"]] == ["Other Council Library"]
    assert [i["name_en"] for i in client.get(url, {"theme": "health"}).json()["items"]] == ["Riverside Park"]
    assert client.get(url, {"kind": "nonsense"}).status_code == 422
    welsh = client.get(url, {"theme": "health"}, HTTP_ACCEPT_LANGUAGE="cy").json()["items"][0]
    assert welsh["name"] == "Parc Glan yr Afon" and welsh["name_en"] == "Riverside Park"
    assert [i["name_en"] for i in client.get(url, {"organisation": w.other_org.slug}).json()["items"]] == [
        "Other Council Library"
    ]
