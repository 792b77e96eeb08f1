"""Open data files of the community's strengths, networks and services (issue 17), for everyone, as downloads.

- assets.csv: the public asset map, from the same rule as the API (Asset.objects.open_data(): published, shown to
  everyone, a person's own strength only if they opted in to open data), a sensitive asset with its postcode
  district only (no place, way in or coordinates), each row with its organisation's licence.
- networks.csv: every network, its direct members (organisations and networks) and the networks it is part of.
- services-oruk.json: the whole services directory as Open Referral UK (a list of organizations with their
  services), in the language asked for (Accept-Language).

Each file is built from an explicit list of columns, never from a model dump, as api/opendata.py's files: a field
added to a model later cannot appear here unless someone adds it on purpose. A fixed number of queries per file.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Router

from coproduce.api.attachments import attachment, attachment_openapi
from coproduce.api.errors import ERRORS
from coproduce.api.opendata import Field, attribution, csv_bytes, json_bytes
from coproduce.community.models import Asset
from coproduce.core.bilingual import LANGUAGES, current_language
from coproduce.engagements.models import Licence
from coproduce.networks.models import Network, NetworkMember
from coproduce.signposting import oruk
from coproduce.signposting.models import DirectoryOrganisation, Service

router = Router(tags=["open data"])


def _both(name: str, what: str) -> list[Field]:
    return [Field(f"{name}_{code}", "string", f"{what} ({code}).") for code in LANGUAGES]


ASSET_FIELDS = [
    Field("asset", "integer", "Asset id (the same as in the API)."),
    Field("organisation", "string", "The organisation whose asset map it is in (slug)."),
    Field("kind", "string", "skills, associations, organisations, places, economic or cultural."),
    *_both("name", "Its name"),
    *_both("description", "What it is"),
    Field("held_by", "string", "The group or organisation holding it, or the name a person chose to be shown by."),
    *_both("place_name", "Where it is; blank for a sensitive asset"),
    Field("postcode_district", "string", "The first part of the postcode (CF47): all a sensitive asset shows."),
    Field("latitude", "number", "Blank when there are none, and for a sensitive asset."),
    Field("longitude", "number", "Blank when there are none, and for a sensitive asset."),
    *_both("how_to_reach", "How to reach it; blank for a sensitive asset"),
    *_both("availability", "When it is available"),
    Field("themes", "string", "Theme slugs, separated by spaces."),
    Field("sensitive", "boolean", "Whether its place is kept back."),
    Field("licence", "string", "The licence of this row (SPDX identifier): its organisation's."),
    Field("attribution", "string", "The line to credit this row with."),
]

NETWORK_FIELDS = [
    Field("network", "string", "The network (slug)."),
    *_both("name", "Its name"),
    *_both("description", "What it is for"),
    Field("member_organisations", "string", "Organisations that are direct members (slugs, separated by spaces)."),
    Field("member_networks", "string", "Networks that are members (slugs, separated by spaces)."),
    Field("part_of", "string", "The networks it is a member of (slugs, separated by spaces)."),
]


def assets_csv() -> bytes:
    rows = []
    assets = (
        Asset.objects.open_data()
        .select_related("organisation")
        .prefetch_related("themes")
        .order_by("pk")
        .iterator(2000)
    )
    for asset in assets:
        organisation = asset.organisation
        code = organisation.licence or Licence.OGL_3
        open_place = not asset.sensitive
        row: dict[str, Any] = {
            "asset": asset.pk,
            "organisation": organisation.slug,
            "kind": asset.kind,
            "held_by": asset.holder_name if asset.holder_user_id else (asset.held_by_en or asset.held_by_cy or ""),
            "postcode_district": asset.postcode_district,
            "latitude": asset.latitude if open_place else None,
            "longitude": asset.longitude if open_place else None,
            "themes": " ".join(sorted(theme.slug for theme in asset.themes.all())),
            "sensitive": asset.sensitive,
            "licence": code,
            "attribution": attribution(code, organisation.name_en or organisation.name),
        }
        for code_ in LANGUAGES:
            for name in ("name", "description", "availability"):
                row[f"{name}_{code_}"] = getattr(asset, f"{name}_{code_}") or ""
            for name in ("place_name", "how_to_reach"):
                row[f"{name}_{code_}"] = (getattr(asset, f"{name}_{code_}") or "") if open_place else ""
        rows.append(row)
    return csv_bytes(ASSET_FIELDS, rows)


def networks_csv() -> bytes:
    members: dict[int, dict[str, list[str]]] = {}
    for member in (
        NetworkMember.objects.filter(status=NetworkMember.Status.ACTIVE)
        .filter(Q(organisation__isnull=False) | Q(member_network__isnull=False))
        .select_related("organisation", "member_network", "network")
    ):
        mine = members.setdefault(member.network_id, {"member_organisations": [], "member_networks": [], "part_of": []})
        if member.organisation_id is not None:
            mine["member_organisations"].append(member.organisation.slug)
        else:
            mine["member_networks"].append(member.member_network.slug)
            child = members.setdefault(
                member.member_network_id, {"member_organisations": [], "member_networks": [], "part_of": []}
            )
            child["part_of"].append(member.network.slug)
    rows = []
    for network in Network.objects.order_by("slug"):
        found = members.get(network.pk, {})
        row: dict[str, Any] = {
            "network": network.slug,
            **{
                key: " ".join(sorted(found.get(key, [])))
                for key in ("member_organisations", "member_networks", "part_of")
            },
        }
        for code in LANGUAGES:
            row[f"name_{code}"] = getattr(network, f"name_{code}") or ""
            row[f"description_{code}"] = getattr(network, f"description_{code}") or ""
        rows.append(row)
    return csv_bytes(NETWORK_FIELDS, rows)


def services_oruk(language: str) -> list[dict]:
    by_organisation: dict = {}
    for service in oruk.services_prefetched(Service.objects.order_by("name_en", "pk")):
        by_organisation.setdefault(service.organisation_id, []).append(service)
    return [
        oruk.organisation_json(o, language, services=by_organisation.get(o.pk, []))
        for o in DirectoryOrganisation.objects.order_by("name_en", "pk")
    ]


@router.get(
    "/open-data/assets.csv",
    response={200: None, **ERRORS},
    operation_id="open_data_assets",
    summary=gettext_noop("Open data: the public asset map (CSV)"),
    openapi_extra=attachment_openapi(),
)
def open_data_assets(request: HttpRequest):
    return attachment(assets_csv(), "assets.csv")


@router.get(
    "/open-data/networks.csv",
    response={200: None, **ERRORS},
    operation_id="open_data_networks",
    summary=gettext_noop("Open data: the networks and their members (CSV)"),
    openapi_extra=attachment_openapi(),
)
def open_data_networks(request: HttpRequest):
    return attachment(networks_csv(), "networks.csv")


@router.get(
    "/open-data/services-oruk.json",
    response={200: None, **ERRORS},
    operation_id="open_data_services",
    summary=gettext_noop("Open data: the services directory (Open Referral UK JSON)"),
    openapi_extra=attachment_openapi("application/json", "A list of ORUK organizations, each with its services."),
)
def open_data_services(request: HttpRequest):
    return attachment(json_bytes(services_oruk(current_language())), "services-oruk.json", "application/json")
