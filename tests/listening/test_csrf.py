"""Every listening form refuses a POST without the CSRF token, and saves nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.listening.models import Challenge, ListeningConversation, MentorSummary, Theme


@pytest.mark.parametrize(
    ("persona", "name", "pk", "data"),
    [
        (
            "sam",
            "listening_staff:conversation_new",
            None,
            {"held_on": "2020-01-01", "who": "anonymous", "prompt": "Q", "sharing": "themes", "quote": "no"},
        ),
        ("sam", "listening_staff:consent", "conversation", {"form": "withdraw", "withdraw-confirm": "on"}),
        (
            "sam",
            "listening_staff:challenge_new",
            "conversation",
            {"text": "A problem.", "new_theme": "New", "no_names": "on", "no_details": "on"},
        ),
        ("fran", "listening_staff:challenge_statement", "challenge", {"text": "A statement."}),
        ("fran", "listening_staff:themes", None, {"form": "theme", "name": "New"}),
        ("mo", "listening_staff:mentor", None, {"text": "Summary.", "anonymised": "on"}),
        ("alice", "listening_staff:erase_person", "conversation", {"confirm": "on"}),
    ],
)
def test_posts_need_the_csrf_token(listening, persona, name, pk, data):
    w = listening
    client = Client(enforce_csrf_checks=True)
    client.force_login(getattr(w, persona))
    args = [w.public.slug]
    if pk == "conversation":
        args.append(w.conversations["public"].pk)
    elif pk == "challenge":
        args.append(w.challenges["public"].pk)

    def state():
        return (
            list(ListeningConversation.objects.values_list("pk", "notes", "consent_withdrawn_at", "erased_at")),
            list(Challenge.objects.values_list("pk", "statement_id")),
            Theme.objects.count(),
            MentorSummary.objects.count(),
        )

    before = state()
    response = client.post(reverse(name, args=args), data)
    assert response.status_code == 403
    assert state() == before
