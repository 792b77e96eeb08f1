"""The demo's open data, built when the demo is loaded (`coproduce demo`): otherwise the first visitor of an open data
page would find it "being prepared" (api/builds.py builds on a first read, in the background)."""

from __future__ import annotations

from django.db import transaction

from coproduce.api import builds
from coproduce.conversations.access import results_public
from coproduce.conversations.models import Conversation
from coproduce.engagements.models import Engagement


def load_demo(engagement: Engagement) -> None:
    """Build the open data of a public engagement whose results everyone sees (as the open data page would for its
    first visitor), through the background task's own build: once the demo has been committed, so that every app's
    part of the demo is in it. Safe to run again: a build of unchanged data keeps the files it has (builds.build)."""
    conversation = Conversation.objects.filter(engagement=engagement).select_related("engagement").first()
    if conversation is None or engagement.visibility != Engagement.Visibility.PUBLIC:
        return
    if not results_public(conversation):
        return
    conversation_id = conversation.pk
    transaction.on_commit(lambda: builds.build(conversation_id))
