"""Accessors: fetch an asset and check the permission in one step.

An asset this person may not see answers 404 (its existence is not confirmed); one they may see but not change,
403. Staff pages of an organisation answer 403 to whoever does not manage it, as the organisation's other staff
pages do (engagements.access.organisation_for).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from coproduce.community.models import Asset
from coproduce.community.visibility import may_read

ASSET_PAGES = Asset.objects.select_related("organisation", "holder_user").prefetch_related("themes")


def asset_for_reading(request: HttpRequest, pk: int) -> Asset:
    asset = get_object_or_404(ASSET_PAGES, pk=pk)
    if not may_read(request.user, asset):
        raise Http404
    return asset


def asset_with_permission(request: HttpRequest, pk: int, permission: str) -> Asset:
    asset = asset_for_reading(request, pk)
    if not request.user.has_perm(permission, asset):
        raise PermissionDenied
    return asset
