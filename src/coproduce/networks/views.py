"""The public pages of networks: the list, and a network's page (members, reachable through member networks; the
members' public engagements; the knowledge exchange; what the apps above add, such as signposting figures)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from coproduce.engagements.models import Engagement, Organisation
from coproduce.networks import graph
from coproduce.networks.access import network as network_by_slug
from coproduce.networks.models import Network, NetworkMember

#: How many of the members' public engagements the page lists (newest first).
ENGAGEMENTS_SHOWN = 20
NOTES_SHOWN = 50


@require_safe
def network_list(request: HttpRequest) -> HttpResponse:
    networks = Network.objects.all()
    return render(request, "networks/list.html", {"networks": networks, "page_title": _("Networks")})


def membership(network: Network) -> dict:
    """Who is in the network: the groups of organisations by the network they are direct members of (this one
    first, then its member networks, nearest first), and the networks it belongs to. A fixed number of queries."""
    via = graph.member_organisation_ids(network)
    order = [network.pk, *graph.descendants(network)]
    networks = Network.objects.in_bulk(order)
    organisations = Organisation.objects.in_bulk(list(via))
    groups = []
    for pk in order:
        members = sorted((organisations[o] for o, n in via.items() if n == pk), key=lambda o: str(o))
        groups.append({"network": networks[pk], "organisations": members, "is_self": pk == network.pk})
    direct_networks = [
        m.member_network
        for m in NetworkMember.objects.filter(network=network, member_network__isnull=False, status="active")
        .select_related("member_network")
        .order_by("member_network__slug")
    ]
    parents = [
        m.network
        for m in NetworkMember.objects.filter(member_network=network, status="active")
        .select_related("network")
        .order_by("network__slug")
    ]
    return {
        "groups": groups,
        "organisation_ids": set(via),
        "direct_networks": direct_networks,
        "parents": parents,
    }


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_by_slug(slug)
    members = membership(network)
    # The network's own engagements: the public engagements of its organisations, directly or through its member
    # networks. Link-only and private engagements stay with their organisation (docs/decisions/0014-networks-and-signposting.md).
    engagements = (
        Engagement.objects.listed()
        .filter(organisation_id__in=members["organisation_ids"])
        .select_related("organisation")
        .order_by("-created_at")[:ENGAGEMENTS_SHOWN]
    )
    notes = network.notes.select_related("organisation")[:NOTES_SHOWN]
    return render(
        request,
        "networks/detail.html",
        {
            "network": network,
            **members,
            "engagements": engagements,
            "notes": notes,
            "can_manage": request.user.has_perm("networks.manage_network", network),
            "can_write_note": request.user.has_perm("networks.write_note", network),
            "page_title": network.name,
        },
    )
