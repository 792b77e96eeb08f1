"""Accessors: fetch an organisation or a round and check the permission in one step. Someone with no staff role in
the organisation gets 404 (they may not know its rounds exist); staff who may read but not manage get 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from coproduce.engagements.models import Organisation
from coproduce.journeys.models import Round
from coproduce.networks.models import Network

VIEW, MANAGE = "journeys.view_journeys", "journeys.manage_journeys"
# A network's rounds and own actions: its coordinators (they read and manage alike).
NETWORK = "journeys.manage_network_journeys"


def _check(request: HttpRequest, organisation: Organisation, permission: str) -> None:
    if not request.user.has_perm(VIEW, organisation):
        raise Http404
    if permission != VIEW and not request.user.has_perm(permission, organisation):
        raise PermissionDenied


def organisation_with_permission(request: HttpRequest, slug: str, permission: str = VIEW) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    _check(request, organisation, permission)
    return organisation


def round_with_permission(request: HttpRequest, pk: int, permission: str = VIEW) -> Round:
    round_ = get_object_or_404(
        Round.objects.select_related("organisation", "network", "engagement", "framework"), pk=pk
    )
    if round_.network_id is not None:
        # Someone who does not coordinate the network may not know its rounds exist.
        if not request.user.has_perm(NETWORK, round_.network):
            raise Http404
    else:
        _check(request, round_.organisation, permission)
    return round_


def may_manage_round(user, round_: Round) -> bool:
    if round_.network_id is not None:
        return user.has_perm(NETWORK, round_.network)
    return user.has_perm(MANAGE, round_.organisation)


def network_with_permission(request: HttpRequest, slug: str) -> Network:
    """A network's journeys pages: networks are public, so someone who does not coordinate it gets 403."""
    network = get_object_or_404(Network, slug=slug)
    if not request.user.has_perm(NETWORK, network):
        raise PermissionDenied
    return network


def published_round(pk: int) -> Round:
    return get_object_or_404(
        Round.objects.select_related("organisation", "engagement", "framework"), pk=pk, published=True
    )
