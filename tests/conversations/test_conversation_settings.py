"""A manager changes the conversation's settings on the statements page: saved, audited with the fields that
changed (ids and names of fields, never text), and bad input saves nothing."""

from __future__ import annotations

from django.urls import reverse

from coproduce.conversations.models import Conversation
from coproduce.engagements.models import AuditEvent

URL = reverse("conversations_staff:statements", args=["outpatients"])


def test_a_settings_change_is_saved_and_audited(conversation, world, as_user):
    assert conversation.moderation == Conversation.Moderation.AFTER
    response = as_user(world.fran).post(
        URL,
        {
            "form": "settings",
            "settings-moderation": Conversation.Moderation.BEFORE,
            "settings-participants_can_write": "on",
            "settings-min_statement_length": "10",
        },
        follow=True,
    )
    assert "Your changes have been saved." in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.moderation == Conversation.Moderation.BEFORE
    event = AuditEvent.objects.get(action="conversation.settings_changed")
    assert event.actor == world.fran
    assert event.organisation == world.org
    assert event.engagement == world.public
    assert event.details == {"fields": ["moderation"]}


def test_a_bad_setting_saves_nothing(conversation, world, as_user):
    response = as_user(world.fran).post(URL, {"form": "settings", "settings-moderation": "never"})
    assert response.status_code == 200
    conversation.refresh_from_db()
    assert conversation.moderation == Conversation.Moderation.AFTER
    assert not AuditEvent.objects.filter(action="conversation.settings_changed").exists()
