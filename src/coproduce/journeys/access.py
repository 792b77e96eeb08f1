"""Accessors: fetch an organisation or a round and check the permission in one step. Someone with no staff role in
the organisation gets 404 (they may not know its rounds exist); staff who may read but not manage get 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from coproduce.engagements.models import Organisation
from coproduce.journeys.models import Round

VIEW, MANAGE = "journeys.view_journeys", "journeys.manage_journeys"


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
    round_ = get_object_or_404(Round.objects.select_related("organisation", "engagement", "framework"), pk=pk)
    _check(request, round_.organisation, permission)
    return round_


def published_round(pk: int) -> Round:
    return get_object_or_404(
        Round.objects.select_related("organisation", "engagement", "framework"), pk=pk, published=True
    )
