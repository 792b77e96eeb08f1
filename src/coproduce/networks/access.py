"""Accessors: fetch a network (or a member row) and check the permission in one step.

Networks are public, so a network that exists is never a 404 for want of permission: someone who may not manage
it gets 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from coproduce.engagements.models import Organisation
from coproduce.networks.models import Network, NetworkMember


def network(slug: str) -> Network:
    return get_object_or_404(Network, slug=slug)


def network_with_permission(request: HttpRequest, slug: str, permission: str) -> Network:
    found = network(slug)
    if not request.user.has_perm(permission, found):
        raise PermissionDenied
    return found


def member_with_permission(request: HttpRequest, pk: int, permission: str) -> NetworkMember:
    member = get_object_or_404(NetworkMember.objects.select_related("network", "organisation", "member_network"), pk=pk)
    if not request.user.has_perm(permission, member):
        raise PermissionDenied
    return member


def organisation_for_admin(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("networks.manage_organisation_networks", organisation):
        raise PermissionDenied
    return organisation
