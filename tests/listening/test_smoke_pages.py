"""Every listening page renders for the people it is for, in English and Welsh (a quick check of the templates)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.listening.access import settings_of


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_page_renders(listening, as_user, client, settings, language):
    w = listening
    slug = w.public.slug
    conversation = w.conversations["public"]
    challenge = w.challenges["public"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = [
        (w.sam, reverse("listening_staff:conversations", args=[slug])),
        (w.sam, reverse("listening_staff:conversation_new", args=[slug])),
        (w.sam, reverse("listening_staff:conversation", args=[slug, conversation.pk])),
        (w.sam, reverse("listening_staff:consent", args=[slug, conversation.pk])),
        (w.sam, reverse("listening_staff:challenge_new", args=[slug, conversation.pk])),
        (w.fran, reverse("listening_staff:challenges", args=[slug])),
        (w.fran, reverse("listening_staff:challenge_statement", args=[slug, challenge.pk])),
        (w.fran, reverse("listening_staff:themes", args=[slug])),
        (w.mo, reverse("listening_staff:mentor", args=[slug])),
        (w.alice, reverse("listening_staff:access_log", args=[slug])),
        (w.alice, reverse("listening_staff:erase", args=[slug]) + "?q=pat"),
        (w.alice, reverse("listening_staff:erase_person", args=[slug, conversation.pk])),
        (w.sam, reverse("staff:dashboard")),
        (w.fran, reverse("staff:engagement", args=[slug])),
        (w.sam, reverse("engagements:detail", args=[slug])),
    ]
    for user, url in pages:
        response = as_user(user).get(url)
        assert response.status_code == 200, url
        assert f'lang="{language}"' in response.content.decode()
    settings_of(w.public).__class__.objects.filter(engagement=w.public).update(themes_published=True)
    client.logout()
    response = client.get(reverse("listening:themes", args=[slug]))
    assert response.status_code == 200
    assert "Letters" in response.content.decode()
