"""Community assets: the public asset map as open data (issue 17; docs/decisions/0015-asset-map.md).

Only what the public map shows, from an explicit list of fields: published assets shown to everyone; a person's own
strength only if they opted in to open data; a sensitive asset with its postcode district and nothing nearer (no
place name, way in or coordinates). Each item carries its organisation's open data licence. Texts come in the
language asked for (Accept-Language), with both languages alongside.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema

from coproduce.api.errors import ERRORS, not_found
from coproduce.api.opendata import licence_for
from coproduce.api.pagination import Paging, page
from coproduce.api.schemas import SLUG_MAX_LENGTH, SLUG_PATTERN, LicenceOut, Page
from coproduce.community.models import Asset, normalise_district
from coproduce.core.bilingual import resolve

router = Router(tags=["assets"])

KINDS = Literal["skills", "associations", "organisations", "places", "economic", "cultural"]


class AssetFilters(Paging):
    organisation: str | None = Field(
        None, max_length=SLUG_MAX_LENGTH, pattern=SLUG_PATTERN, description="Only this organisation's assets (slug)."
    )
    kind: KINDS | None = Field(None, description="Only assets of this kind.")
    area: str | None = Field(
        None,
        max_length=8,
        pattern=r"^[A-Za-z]{1,2}([0-9][A-Za-z0-9]?)?$",
        description="A postcode area (CF) or district (CF47).",
    )
    theme: str | None = Field(None, max_length=60, pattern=SLUG_PATTERN, description="Only assets with this theme.")


class AssetOut(Schema):
    id: int
    organisation: str = Field(description="The organisation whose asset map it is in (slug).")
    kind: str
    name: str = Field(description="In the language asked for, else the other one.")
    name_en: str | None
    name_cy: str | None
    description: str
    held_by: str = Field(description="The group or organisation holding it, or the name a person chose to be shown by.")
    place_name: str | None = Field(description="null for a sensitive asset.")
    postcode_district: str
    latitude: float | None = Field(description="null when there are none, and for a sensitive asset.")
    longitude: float | None
    how_to_reach: str | None = Field(description="null for a sensitive asset.")
    availability: str
    themes: list[str] = Field(description="Theme slugs.")
    sensitive: bool
    licence: LicenceOut


def asset_out(asset: Asset) -> dict:
    open_place = not asset.sensitive

    def text(field: str) -> str:
        return resolve(asset, field)[0]

    return {
        "id": asset.pk,
        "organisation": asset.organisation.slug,
        "kind": asset.kind,
        "name": text("name"),
        "name_en": asset.name_en,
        "name_cy": asset.name_cy,
        "description": text("description"),
        "held_by": asset.holder_name if asset.holder_user_id else text("held_by"),
        "place_name": text("place_name") if open_place else None,
        "postcode_district": asset.postcode_district,
        "latitude": float(asset.latitude) if open_place and asset.latitude is not None else None,
        "longitude": float(asset.longitude) if open_place and asset.longitude is not None else None,
        "how_to_reach": text("how_to_reach") if open_place else None,
        "availability": text("availability"),
        "themes": [theme.slug for theme in asset.themes.all()],
        "sensitive": asset.sensitive,
        "licence": licence_for(asset.organisation),
    }


def open_assets():
    return Asset.objects.open_data().select_related("organisation").prefetch_related("themes").order_by("pk")


@router.get(
    "/assets",
    response={200: Page[AssetOut], **ERRORS},
    operation_id="list_assets",
    summary=gettext_noop("List the public community assets"),
)
def list_assets(request: HttpRequest, filters: Query[AssetFilters]):
    assets = open_assets()
    if filters.organisation:
        assets = assets.filter(organisation__slug=filters.organisation)
    if filters.kind:
        assets = assets.filter(kind=filters.kind)
    if filters.area:
        area = normalise_district(filters.area)
        assets = assets.filter(postcode_area=area) if area.isalpha() else assets.filter(postcode_district=area)
    if filters.theme:
        assets = assets.filter(themes__slug=filters.theme)
    return page(assets, filters, asset_out)


@router.get(
    "/assets/{asset_id}",
    response={200: AssetOut, **ERRORS},
    operation_id="get_asset",
    summary=gettext_noop("One public community asset"),
)
def get_asset(request: HttpRequest, asset_id: int):
    asset = open_assets().filter(pk=asset_id).first()
    if asset is None:
        raise not_found()
    return asset_out(asset)
