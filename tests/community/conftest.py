"""Asset-map fixtures on top of the shared personas (tests/conftest.py): one asset of each visibility of "glas",
a sensitive one, a strength pat offered (waiting for a facilitator), and a public asset of the other organisation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from coproduce.community.models import Asset, AssetTheme, area_of

SECRET_PLACE = "Hidden Refuge Lane"  # the sensitive asset's place: never shown outside glas's staff
SECRET_LATITUDE = "51.71234"


def make_asset(organisation, name_en: str, **fields) -> Asset:
    district = fields.pop("postcode_district", "CF47")
    data = {
        "kind": Asset.Kind.PLACES,
        "visibility": Asset.Visibility.PUBLIC,
        "status": Asset.Status.PUBLISHED,
        "latitude": Decimal("51.73500"),
        "longitude": Decimal("-3.38000"),
    }
    data.update(fields)
    themes = data.pop("themes", [])
    asset = Asset.objects.create(
        organisation=organisation,
        name_en=name_en,
        postcode_district=district,
        postcode_area=area_of(district),
        **data,
    )
    asset.themes.set(themes)
    return asset


@pytest.fixture
def assets(world):
    w = world
    health = AssetTheme.objects.get(slug="health")
    w.health = health
    w.asset = {
        "public": make_asset(
            w.org, "Riverside Park", name_cy="Parc Glan yr Afon", themes=[health], place_name_en="Afon Glas"
        ),
        "staff": make_asset(w.org, "Staff Only Meeting Room", visibility=Asset.Visibility.STAFF),
        "private": make_asset(w.org, "Private Partner Contact", visibility=Asset.Visibility.PRIVATE),
        "sensitive": make_asset(
            w.org,
            "Safe Space Group",
            kind=Asset.Kind.ASSOCIATIONS,
            sensitive=True,
            place_name_en=SECRET_PLACE,
            how_to_reach_en="Ring the bell twice",
            latitude=Decimal(SECRET_LATITUDE),
            postcode_district="CF46",
        ),
        "offered": make_asset(
            w.org,
            "Bike repairs by Pat",
            kind=Asset.Kind.SKILLS,
            status=Asset.Status.OFFERED,
            holder_user=w.pat,
            holder_name="Pat",
            consent_public=True,
            latitude=None,
            longitude=None,
        ),
        "other": make_asset(
            w.other_org, "Other Council Library", kind=Asset.Kind.ORGANISATIONS, postcode_district="SA1"
        ),
    }
    return w
