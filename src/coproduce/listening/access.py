"""Accessors: fetch the conversation and check the permission in one step (the engagement's pages use
coproduce.engagements.access.engagement_with_permission with a listening permission).

Like the rest of the staff area: someone who may not even see the engagement gets 404, someone who may see it but
not this page gets 403. A conversation of another engagement, or one the person may not read, is a 404 or 403 in
the same way, so that its existence is not confirmed to people without a reason to know.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from coproduce.engagements.access import engagement_with_permission
from coproduce.engagements.models import Engagement
from coproduce.listening.models import ListeningConversation, ListeningSettings


def conversation_for(request: HttpRequest, slug: str, pk: int, permission: str) -> ListeningConversation:
    """The conversation, if the person may use it for `permission` (read_notes or change_conversation)."""
    engagement = engagement_with_permission(request, slug, "listening.list_conversations")
    conversation = get_object_or_404(
        ListeningConversation.objects.select_related("author", "perspective", "participant__user"),
        engagement=engagement,
        pk=pk,
    )
    conversation.engagement = engagement
    if not request.user.has_perm(permission, conversation):
        raise PermissionDenied
    return conversation


def settings_of(engagement: Engagement) -> ListeningSettings:
    settings, _created = ListeningSettings.objects.get_or_create(engagement=engagement)
    return settings
