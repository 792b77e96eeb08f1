"""Accessors: fetch and check in one step (404 for what the person may not know exists, 403 for what they may see
but not do), on top of the engagement's and the conversation's accessors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from coproduce.community.models import Asset
from coproduce.community.visibility import visible_assets
from coproduce.engagements.models import Engagement, Organisation, Role
from coproduce.engagements.rules import roles_in_engagement
from coproduce.listening.access import conversation_for
from coproduce.listening.models import ListeningConversation
from coproduce.signposting.models import Signposting


def conversation_to_signpost(request: HttpRequest, slug: str, pk: int) -> ListeningConversation:
    return conversation_for(request, slug, pk, "signposting.signpost")


def assets_to_signpost_to(request: HttpRequest, engagement: Engagement) -> QuerySet[Asset]:
    """The strengths a person may be signposted to from this engagement: its organisation's published assets that
    the signposter may see (community's rule)."""
    return visible_assets(request.user, Asset.objects.filter(organisation_id=engagement.organisation_id)).order_by(
        "name", "pk"
    )


def records_visible_to(user, engagement: Engagement) -> QuerySet[Signposting]:
    """The engagement's signposting records this person may see (the rule of rules.py, said in SQL)."""
    rows = Signposting.objects.filter(engagement=engagement)
    roles = roles_in_engagement(user, engagement)
    readers = Q(shared_with=Signposting.SharedWith.READERS) if roles & {Role.MENTOR, Role.ORG_ADMIN} else Q(pk__in=[])
    return rows.filter(Q(author_id=user.pk) | readers)


def record_for(request: HttpRequest, engagement: Engagement, pk: int, permission: str) -> Signposting:
    record = get_object_or_404(
        Signposting.objects.select_related("service__organisation", "asset", "conversation", "author"),
        engagement=engagement,
        pk=pk,
    )
    record.engagement = engagement
    if not request.user.has_perm(permission, record):
        raise PermissionDenied
    return record


def organisation_for_directory(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("signposting.manage_directory", organisation):
        raise PermissionDenied
    return organisation
