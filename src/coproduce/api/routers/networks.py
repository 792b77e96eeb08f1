"""Networks of organisations and networks of networks, as open data (issue 17).

Networks are public: their names, descriptions, active members (organisations and networks), the networks they
are part of, and their knowledge exchange. Nothing about people: not the coordinators, not who wrote a note (only
the organisation it came from), not pending invitations or requests. A fixed number of queries per request.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema

from coproduce.api.errors import ERRORS, not_found
from coproduce.api.pagination import Paging
from coproduce.api.schemas import Page
from coproduce.core.bilingual import resolve
from coproduce.engagements.models import Organisation
from coproduce.networks import graph
from coproduce.networks.models import KnowledgeNote, Network, NetworkMember

router = Router(tags=["networks"])

#: The knowledge notes one network's answer carries (newest first), as its page shows them.
NOTES_SHOWN = 50


class MemberOut(Schema):
    slug: str
    name: str = Field(description="In the language asked for, else the other one.")


class NetworkOut(Schema):
    slug: str
    name: str = Field(description="In the language asked for, else the other one.")
    name_en: str | None
    name_cy: str | None
    description: str
    description_en: str | None
    description_cy: str | None
    url: str = Field(description="The network's public page.")
    member_organisations: list[MemberOut] = Field(description="Organisations that are direct members.")
    member_networks: list[MemberOut] = Field(description="Networks that are members (networks of networks).")
    part_of: list[MemberOut] = Field(description="The networks this network is a member of.")


class NoteOut(Schema):
    id: int
    organisation: str | None = Field(description="The member organisation it came from (slug), if any.")
    title: str
    what_worked: str
    what_differently: str
    language: str = Field(description="The language it was written in (en or cy).")
    created: str = Field(description="The date it was shared (YYYY-MM-DD).")


class NetworkDetailOut(NetworkOut):
    all_organisations: list[MemberOut] = Field(
        description="Every organisation in the network, directly or through its member networks, at any depth."
    )
    notes: list[NoteOut] = Field(description=f"The knowledge exchange, newest first (at most {NOTES_SHOWN}).")


def _member(obj) -> dict:
    return {"slug": obj.slug, "name": resolve(obj, "name")[0]}


def _memberships(network_ids: list[int]) -> tuple[dict, dict, dict]:
    """Active memberships touching these networks, in one query: their organisations, networks and parents."""
    organisations: dict[int, list] = {}
    networks: dict[int, list] = {}
    parents: dict[int, list] = {}
    rows = (
        NetworkMember.objects.filter(status=NetworkMember.Status.ACTIVE)
        .filter(Q(network_id__in=network_ids) | Q(member_network_id__in=network_ids))
        .select_related("organisation", "member_network", "network")
    )
    for row in rows:
        if row.network_id in network_ids:
            if row.organisation_id is not None:
                organisations.setdefault(row.network_id, []).append(_member(row.organisation))
            else:
                networks.setdefault(row.network_id, []).append(_member(row.member_network))
        if row.member_network_id in network_ids:
            parents.setdefault(row.member_network_id, []).append(_member(row.network))
    for found in (organisations, networks, parents):
        for members in found.values():
            members.sort(key=lambda m: m["slug"])
    return organisations, networks, parents


def _network_out(network: Network, organisations: dict, networks: dict, parents: dict) -> dict:
    return {
        "slug": network.slug,
        "name": resolve(network, "name")[0],
        "name_en": network.name_en,
        "name_cy": network.name_cy,
        "description": resolve(network, "description")[0],
        "description_en": network.description_en,
        "description_cy": network.description_cy,
        "url": network.get_absolute_url(),
        "member_organisations": organisations.get(network.pk, []),
        "member_networks": networks.get(network.pk, []),
        "part_of": parents.get(network.pk, []),
    }


@router.get(
    "/networks",
    response={200: Page[NetworkOut], **ERRORS},
    operation_id="list_networks",
    summary=gettext_noop("List the networks and their members"),
)
def list_networks(request: HttpRequest, paging: Query[Paging]):
    networks = Network.objects.order_by("slug")
    count = networks.count()
    rows = list(networks[paging.offset : paging.offset + paging.limit])
    found = _memberships([n.pk for n in rows])
    return {
        "count": count,
        "limit": paging.limit,
        "offset": paging.offset,
        "items": [_network_out(n, *found) for n in rows],
    }


@router.get(
    "/networks/{slug}",
    response={200: NetworkDetailOut, **ERRORS},
    operation_id="get_network",
    summary=gettext_noop("One network: members at any depth and its knowledge exchange"),
)
def get_network(request: HttpRequest, slug: str):
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        raise not_found()
    out = _network_out(network, *_memberships([network.pk]))
    every = Organisation.objects.filter(pk__in=list(graph.member_organisation_ids(network))).order_by("slug")
    notes = KnowledgeNote.objects.filter(network=network).select_related("organisation")[:NOTES_SHOWN]
    return {
        **out,
        "all_organisations": [_member(o) for o in every],
        "notes": [
            {
                "id": note.pk,
                "organisation": note.organisation.slug if note.organisation_id else None,
                "title": note.title,
                "what_worked": note.what_worked,
                "what_differently": note.what_differently,
                "language": note.language,
                "created": note.created_at.date().isoformat(),
            }
            for note in notes
        ],
    }
