"""Accessors: fetch an object and check the permission in one step, so no view can forget the check.

Objects a person may not see answer 404 (as if they did not exist), objects they may see but not change 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from coproduce.engagements.models import Engagement, Organisation
from coproduce.engagements.participants import participant_ids_from_cookie

SESSION_LINK_KEYS = "engagement_link_keys"


def holds_link(request: HttpRequest, engagement: Engagement) -> bool:
    if engagement.access_key in request.session.get(SESSION_LINK_KEYS, []):
        return True
    return engagement.participants.filter(public_id__in=participant_ids_from_cookie(request)).exists()


def can_view(request: HttpRequest, engagement: Engagement) -> bool:
    if request.user.has_perm("engagements.view_engagement", engagement):
        return True
    return engagement.visibility == Engagement.Visibility.LINK and holds_link(request, engagement)


# What the engagement's own pages show: its phases (which say what is open) and the perspectives they list.
ENGAGEMENT_PAGES = Engagement.objects.select_related("organisation").prefetch_related("phases", "perspectives")


def engagement_for_viewing(request: HttpRequest, slug: str, engagements=ENGAGEMENT_PAGES) -> Engagement:
    """`engagements` lets another app fetch what its own pages need with the engagement, in the same queries."""
    engagement = get_object_or_404(engagements, slug=slug)
    if not can_view(request, engagement):
        raise Http404
    return engagement


def engagement_with_permission(
    request: HttpRequest, slug: str, permission: str, engagements=ENGAGEMENT_PAGES
) -> Engagement:
    """The engagement, if this person has `permission` on it: 404 for who may not even see it, 403 for who may."""
    engagement = get_object_or_404(engagements, slug=slug)
    if not request.user.has_perm(permission, engagement):
        if can_view(request, engagement):
            raise PermissionDenied
        raise Http404
    return engagement


def engagement_for_managing(request: HttpRequest, slug: str, engagements=ENGAGEMENT_PAGES) -> Engagement:
    return engagement_with_permission(request, slug, "engagements.manage_engagement", engagements)


def organisation_for(request: HttpRequest, slug: str, permission: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm(permission, organisation):
        raise PermissionDenied
    return organisation
