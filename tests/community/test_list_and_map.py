"""The asset list and its map data: search in both languages, the filters, pagination, visibility, the sensitive
asset's place, and a fixed number of queries whatever the number of assets."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.community.models import Asset, AssetTheme
from tests.community.conftest import SECRET_LATITUDE, make_asset


def names_in(response) -> list[str]:
    return [asset.name_en for asset in response.context["page"].object_list]


def test_the_list_shows_published_assets_the_reader_may_see(client, assets):
    response = client.get(reverse("community:assets"))
    assert response.status_code == 200
    assert names_in(response) == ["Other Council Library", "Riverside Park", "Safe Space Group"]


def test_staff_see_their_organisations_staff_assets_and_managers_its_private_ones(client, assets):
    client.force_login(assets.sam)
    assert "Staff Only Meeting Room" in names_in(client.get(reverse("community:assets")))
    assert "Private Partner Contact" not in names_in(client.get(reverse("community:assets")))
    client.force_login(assets.fran)
    assert {"Staff Only Meeting Room", "Private Partner Contact"} <= set(
        names_in(client.get(reverse("community:assets")))
    )


def test_search_finds_words_in_either_language(client, assets):
    assert names_in(client.get(reverse("community:assets"), {"q": "glan yr afon"})) == ["Riverside Park"]
    assert names_in(client.get(reverse("community:assets"), {"q": "riverside"})) == ["Riverside Park"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "associations"}, ["Safe Space Group"]),
        ({"area": "sa"}, ["Other Council Library"]),
        ({"area": "CF46"}, ["Safe Space Group"]),
        ({"area": "CF"}, ["Riverside Park", "Safe Space Group"]),
        ({"theme": "health"}, ["Riverside Park"]),
        ({"kind": "places", "area": "CF47"}, ["Riverside Park"]),
    ],
)
def test_filters(client, assets, filters, expected):
    assert names_in(client.get(reverse("community:assets"), filters)) == expected


def test_a_bad_filter_value_is_dropped_and_the_others_kept(client, assets):
    response = client.get(reverse("community:assets"), {"kind": "nonsense", "area": "SA1"})
    assert response.status_code == 200
    assert names_in(response) == ["Other Council Library"]


def test_pagination_keeps_the_filters(client, world):
    for n in range(25):
        make_asset(world.org, f"Bench {n:02d}", kind=Asset.Kind.PLACES)
    first = client.get(reverse("community:assets"), {"kind": "places"})
    assert len(first.context["page"].object_list) == 20
    assert 'href="?kind=places&amp;page=2"' in first.content.decode()
    second = client.get(reverse("community:assets"), {"kind": "places", "page": 2})
    assert names_in(second) == [f"Bench {n:02d}" for n in range(20, 25)]


def test_the_map_data_hides_a_sensitive_assets_coordinates_from_the_public(client, assets):
    points = client.get(reverse("community:map_data")).json()["points"]
    ids = {point[0] for point in points}
    assert assets.asset["public"].pk in ids
    assert assets.asset["sensitive"].pk not in ids
    assert SECRET_LATITUDE not in client.get(reverse("community:map_data")).content.decode()
    client.force_login(assets.sam)  # staff of the organisation see where it is
    ids = {point[0] for point in client.get(reverse("community:map_data")).json()["points"]}
    assert assets.asset["sensitive"].pk in ids


def test_the_map_data_follows_the_lists_filters_and_gives_the_readers_language(client, assets):
    client.cookies["coproduce_language"] = "cy"
    data = client.get(reverse("community:map_data"), {"theme": "health"}).json()
    assert data["lang"] == "cy" and data["kind_names"][data["kinds"].index("places")] == "Lleoedd ffisegol"
    # [id, latitude, longitude, kind, name]: the name in the reader's language, so no sixth element.
    assert data["points"] == [
        [assets.asset["public"].pk, 51.735, -3.38, data["kinds"].index("places"), "Parc Glan yr Afon"]
    ]
    # A name only in English, on a Welsh page, says its language; a long name is cut short for the popup.
    make_asset(assets.org, "A very long name for a community garden with a kitchen and a shed", themes=[assets.health])
    points = client.get(reverse("community:map_data"), {"theme": "health"}).json()["points"]
    assert points[1][4:] == ["A very long name for a community garden…", "en"] and len(points[1][4]) == 40


def test_a_sensitive_asset_shows_only_its_district_on_its_page(client, assets):
    sensitive = assets.asset["sensitive"]
    body = client.get(reverse("community:asset", args=[sensitive.pk])).content.decode()
    assert "CF46" in body and "Hidden Refuge Lane" not in body and "Ring the bell twice" not in body
    client.force_login(assets.sam)
    body = client.get(reverse("community:asset", args=[sensitive.pk])).content.decode()
    assert "Hidden Refuge Lane" in body and "Ring the bell twice" in body


def test_the_map_page_allows_the_tile_server_and_no_other_page_does(client, settings, assets):
    settings.ASSET_MAP_TILE_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    policy = client.get(reverse("community:assets"))["Content-Security-Policy"]
    assert "img-src 'self' data: https://*.tiles.example.org;" in policy
    assert (
        "tiles.example.org"
        not in client.get(reverse("community:asset", args=[assets.asset["public"].pk]))["Content-Security-Policy"]
    )
    settings.ASSET_MAP_TILE_URL = ""
    assert "img-src 'self' data:;" in client.get(reverse("community:assets"))["Content-Security-Policy"]


def _many(world, n: int) -> None:
    themes = list(AssetTheme.objects.all()[:3])
    Asset.objects.bulk_create(
        Asset(
            organisation=world.org if i % 2 else world.other_org,
            name_en=f"Asset {i:04d}",
            name_cy=f"Ased {i:04d}",
            kind=Asset.Kind.values[i % 6],
            postcode_district="CF47",
            postcode_area="CF",
            visibility=Asset.Visibility.PUBLIC,
            status=Asset.Status.PUBLISHED,
            latitude=Decimal("51.7") + Decimal(i) / 10000,
            longitude=Decimal("-3.4"),
        )
        for i in range(n)
    )
    through = Asset.themes.through
    through.objects.bulk_create(
        through(asset_id=pk, assettheme_id=themes[k].pk)
        for pk in Asset.objects.values_list("pk", flat=True)
        for k in range(3)
    )


@pytest.mark.parametrize("persona", ["anon", "fran"])
def test_the_list_and_the_map_data_make_the_same_queries_with_3_or_60_assets(
    client, world, django_assert_max_num_queries, persona
):
    if persona == "fran":
        client.force_login(world.fran)
    counts = []
    for n in (3, 60):
        Asset.objects.all().delete()
        _many(world, n)
        with CaptureQueriesContext(connection) as listed:
            response = client.get(reverse("community:assets"))
        assert len(response.context["page"].object_list) == min(n, 20)
        with CaptureQueriesContext(connection) as mapped:
            data = client.get(reverse("community:map_data")).json()
        assert len(data["points"]) == n
        counts.append((len(listed), len(mapped)))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(counts[1][0]):
        client.get(reverse("community:assets"))
