"""The open data of the community's strengths, networks and services (issue 17): the API's networks and services
(ORUK), and the open data files. Everyone gets the same (it is open data), and no personal detail ever leaves:
every API GET tagged assets, networks, services or open data (read from the OpenAPI schema, so a new endpoint is
covered) is asked by every persona, and no answer carries a person's name, email, a one-to-one conversation, who was
signposted, a person's strength they did not opt in to open data, a sensitive asset's place, or what is not
public (assets kept for staff, private ones, pending invitations to a network)."""

from __future__ import annotations

import copy
import csv
import io
import json

import jsonschema
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.community import actions as community_actions
from coproduce.community.models import Asset
from coproduce.networks.actions import do_add_organisation, do_write_note
from coproduce.signposting import oruk
from coproduce.signposting.actions import do_import_oruk, do_signpost
from coproduce.signposting.models import DirectoryOrganisation, Service
from tests.community.conftest import SECRET_LATITUDE, SECRET_PLACE, assets  # noqa: F401 - the fixture, reused
from tests.networks.conftest import join, make_network, networks  # noqa: F401 - the fixture, reused
from tests.permission_matrix import client_for
from tests.signposting.conftest import example, schema

COVERS = {
    "api-1:list_networks",
    "api-1:get_network",
    "api-1:list_services",
    "api-1:get_service",
    "api-1:open_data_assets",
    "api-1:open_data_networks",
    "api-1:open_data_services",
}
PERSONAS = ["anon", "pat", "sam", "fran", "alice", "olly", "cora"]
TAGS = {"assets", "networks", "services", "open data"}
MARKER = "ZQX-PERSONAL-1717"


def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema(name), format_checker=jsonschema.FormatChecker())


@pytest.fixture
def open_world(directory, assets, networks):  # noqa: F811 - the fixtures imported above
    w = directory
    # A person's strength, shown to everyone but not opted in to open data; and one opted in.
    w.not_open = community_actions.do_offer_strength(
        w.pat,
        w.org,
        {"name": f"Not open skill {MARKER}"},
        {"kind": "skills", "postcode_district": "CF47", "holder_name": f"Pat {MARKER}", "consent_public": True},
    )
    w.opted_in = community_actions.do_offer_strength(
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
        community_actions.do_publish_asset(w.fran, asset, Asset.Visibility.PUBLIC)
    # Who was signposted where, from a one-to-one conversation with a named person.
    conversation = w.conversations["public"]
    conversation.person_name = f"Pat Jones {MARKER}"
    conversation.notes = f"Notes {MARKER}"
    conversation.save()
    do_signpost(w.sam, conversation, w.advice, "readers")
    # A knowledge note (its author is a person: only the organisation is published) and a pending invitation.
    do_write_note(w.sam, w.north, w.org, {"title": "Letters", "what_worked": "Plain words.", "language": "en"})
    w.pending = make_network("pending-net", "Pending Network", "Rhwydwaith yn aros", w.cora)
    do_add_organisation(w.cora, w.wales, w.other_org, requested=False)
    w.cora.display_name = f"Cora {MARKER}"
    w.cora.save()
    # The directory: the standard's full example (contacts, schedules, locations) beside the fixture's partner.
    do_import_oruk(w.alice, w.org, oruk.parse(copy.deepcopy(example("service_full.json"))), "en")
    return w


def secrets(w) -> list[str]:
    people = [u.email for u in (w.pat, w.sam, w.fran, w.alice, w.olly, w.cora, w.nia)]
    return [MARKER, *people, SECRET_PLACE, SECRET_LATITUDE, "Ring the bell twice", "Staff Only", "Private Partner"]


def every_get(w) -> list[str]:
    """Every GET of the API with one of TAGS, from its OpenAPI schema, with real ids and slugs in the paths."""
    schema_ = Client().get("/api/v1/openapi.json").json()
    values = {
        "{asset_id}": [w.opted_in.pk, w.asset["public"].pk, w.asset["sensitive"].pk],
        "{slug}": ["wales", "north", "pending-net"],
        "{service_id}": [str(s.pk) for s in Service.objects.all()],
    }
    urls = []
    for path, operations in schema_["paths"].items():
        operation = operations.get("get")
        if not operation or not TAGS & set(operation.get("tags", [])):
            continue
        holes = [hole for hole in values if hole in path]
        assert len(holes) <= 1, path
        for value in values[holes[0]] if holes else [None]:
            urls.append(path.replace(holes[0], str(value)) if holes else path)
    return urls


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_gets_the_same_and_no_personal_detail(open_world, persona):
    w = open_world
    urls = every_get(w)
    # The schema was read: each new endpoint is there, and the asset map's own.
    assert {"/api/v1/networks", "/api/v1/services", "/api/v1/assets", "/api/v1/open-data/assets.csv"} <= set(urls)
    client = client_for(persona, w)
    served = {}
    for url in urls:
        for language in ("en", "cy"):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, (url, response.status_code)
            served[f"{url} {language}"] = response.content.decode()
    leaks = sorted((where, secret) for where, body in served.items() for secret in secrets(w) if secret in body)
    assert leaks == []
    # What is there: the data, and the things that must be there are (so their absence elsewhere means something).
    everything = "\n".join(served.values())
    for present in ("Open skill", "Riverside Park", "Safe Space Group", "Co-production Wales", "Carers' advice line"):
        assert present in everything, present
    # A pending invitation is not membership.
    wales = json.loads(served["/api/v1/networks/wales en"])
    assert [m["slug"] for m in wales["member_networks"]] == ["north"]
    assert wales["member_organisations"] == []
    assert [o["slug"] for o in wales["all_organisations"]] == ["glas"]
    assert "other" not in served["/api/v1/open-data/networks.csv en"]
    north = json.loads(served["/api/v1/networks/north en"])
    assert north["part_of"] == [{"slug": "wales", "name": "Co-production Wales"}]
    assert north["notes"][0]["organisation"] == "glas" and "author" not in north["notes"][0]
    assert json.loads(served["/api/v1/networks/north cy"])["part_of"][0]["name"] == "Cyd-gynhyrchu Cymru"


def test_assets_csv_has_the_rule_of_the_api(open_world, client):
    w = open_world
    response = client.get(reverse("api-1:open_data_assets"))
    assert response["Content-Disposition"] == 'attachment; filename="assets.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    names = sorted(row["name_en"] for row in rows)
    assert names == ["Open skill", "Other Council Library", "Riverside Park", "Safe Space Group"]
    api = client.get(reverse("api-1:list_assets"), {"limit": 100}).json()
    assert sorted(str(i["id"]) for i in api["items"]) == sorted(row["asset"] for row in rows)
    sensitive = next(row for row in rows if row["name_en"] == "Safe Space Group")
    assert sensitive["postcode_district"] == "CF46" and sensitive["sensitive"] == "true"
    assert (sensitive["place_name_en"], sensitive["latitude"], sensitive["how_to_reach_en"]) == ("", "", "")
    park = next(row for row in rows if row["name_en"] == "Riverside Park")
    assert park["name_cy"] == "Parc Glan yr Afon" and park["themes"] == "health" and park["latitude"] == "51.73500"
    assert park["licence"] == "OGL-UK-3.0" and "Glas Valley Health Board" in park["attribution"]
    assert next(row for row in rows if row["name_en"] == "Open skill")["held_by"] == "Pat"
    assert w.not_open.pk not in {int(row["asset"]) for row in rows}


def test_networks_csv(open_world, client):
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("api-1:open_data_networks")).content.decode())))
    by_slug = {row["network"]: row for row in rows}
    assert sorted(by_slug) == ["north", "pending-net", "wales"]
    assert by_slug["wales"]["member_networks"] == "north" and by_slug["wales"]["member_organisations"] == ""
    assert by_slug["north"]["member_organisations"] == "glas" and by_slug["north"]["part_of"] == "wales"
    assert by_slug["north"]["name_cy"] == "Rhwydwaith Gogledd Cymru"


def test_services_are_open_referral_uk_and_round_trip(open_world, client):
    page = client.get(reverse("api-1:list_services"), {"per_page": 2}).json()
    assert (page["total_items"], page["total_pages"], page["size"], page["first_page"], page["last_page"]) == (
        3,
        2,
        2,
        True,
        False,
    )
    for item in page["contents"]:
        validator("service_list.json").validate(item)  # the schema of one item of ORUK's paginated list
    last = client.get(reverse("api-1:list_services"), {"per_page": 2, "page": 2}).json()
    assert last["last_page"] and last["size"] == 1
    # The standard's full example comes back from the API as it went in, valid against its schema.
    full = example("service_full.json")
    one = client.get(reverse("api-1:get_service", args=[full["id"]])).json()
    assert one == full
    validator("service.json").validate(one)
    # The API's page imported again changes nothing (ORUK clients read what ORUK clients write).
    before = sorted(json.dumps(s, sort_keys=True) for s in page["contents"] + last["contents"])
    do_import_oruk(open_world.alice, open_world.org, oruk.parse(copy.deepcopy(page)), "en")
    again = client.get(reverse("api-1:list_services"), {"per_page": 100}).json()["contents"]
    assert sorted(json.dumps(s, sort_keys=True) for s in again) == before
    # Filters, and Welsh.
    url = reverse("api-1:list_services")
    assert client.get(url, {"search": "gofalwyr"}).json()["total_items"] == 2
    partner = str(open_world.partner.pk)
    assert {s["organization"]["id"] for s in client.get(url, {"organization_id": partner}).json()["contents"]} == {
        partner
    }
    welsh = client.get(reverse("api-1:get_service", args=[open_world.advice.pk]), HTTP_ACCEPT_LANGUAGE="cy").json()
    assert welsh["name"] == "Llinell gyngor gofalwyr"
    assert client.get(reverse("api-1:get_service", args=["not-a-uuid"])).status_code == 404
    assert client.get(url, {"per_page": 1000}).status_code == 422


def test_the_whole_directory_as_an_open_data_file(open_world, client):
    data = json.loads(client.get(reverse("api-1:open_data_services")).content)
    assert sorted(o["name"] for o in data) == sorted(DirectoryOrganisation.objects.values_list("name_en", flat=True))
    for organisation in data:
        validator("organization.json").validate(organisation)
    parsed = oruk.parse(data)
    assert sum(len(services) for services in parsed.services.values()) == Service.objects.count()


def test_queries_do_not_grow_with_networks_or_services(open_world, client):
    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = [
        reverse("api-1:list_networks"),
        reverse("api-1:list_services"),
        reverse("api-1:open_data_networks"),
        reverse("api-1:open_data_services"),
        reverse("api-1:open_data_assets"),
        reverse("api-1:get_network", args=["wales"]),
    ]
    before = [queries(url) for url in urls]
    w = open_world
    for i in range(5):
        network = make_network(f"more-{i}", f"More {i}", f"Mwy {i}", w.cora)
        join(w.wales, member_network=network)
        join(network, organisation=w.other_org)
        Service.objects.create(organisation=w.partner, name_en=f"Service {i}")
        community_actions.do_create_asset(
            w.fran,
            w.org,
            {"name": f"Asset {i}"},
            {"kind": "places", "postcode_district": "CF47", "visibility": "public"},
            themes=[w.health],
        )
    assert [queries(url) for url in urls] == before
