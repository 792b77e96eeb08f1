"""Confidential listening never reaches the API or the open data: a one-to-one conversation's notes, the person's
name and team, and a challenge's own words stay out of every API answer and every file of the download. Only the
statement a facilitator made from the challenge is published (as a statement "from listening", without author)."""

from __future__ import annotations

import io
import zipfile

from django.urls import reverse

from coproduce.engagements.models import Engagement, Participant
from coproduce.listening.actions import do_challenge_to_statement, do_extract_challenge, do_record_conversation
from coproduce.listening.models import ListeningConversation
from tests.open_data import build_open_data

NOTES = "ZQX-CONFIDENTIAL: she cannot read the letters and her son Dafydd Prydderch handles them"
PERSON = "Gwenllian Prydderch"
TEAM = "Ward ZQX-7"
CHALLENGE = "ZQX challenge words: letters arrive after the appointment for people who cannot read them"
STATEMENT = "Appointment letters should come in a format people can read"


def everything_published(client, world) -> bytes:
    slug = world.public.slug
    key = {"HTTP_AUTHORIZATION": f"Bearer {world.read_secret}"}
    parts = []
    for url in (
        "/api/v1/engagements",
        f"/api/v1/engagements/{slug}",
        f"/api/v1/engagements/{slug}/statements?limit=100",
        f"/api/v1/engagements/{slug}/analysis",
        f"/api/v1/engagements/{slug}/exports",
    ):
        response = client.get(url, **key)
        assert response.status_code == 200, url
        parts.append(response.content)
    build_open_data(Engagement.objects.get(slug=slug))
    archive = client.get(f"/api/v1/engagements/{slug}/exports/open-data.zip", **key)
    with zipfile.ZipFile(io.BytesIO(archive.content)) as z:
        parts += [z.read(name) for name in z.namelist()]
    page = client.get(reverse("api_pages:open_data", args=[slug]))
    parts.append(page.content)
    return b"\n".join(parts)


def test_notes_names_and_challenges_are_never_published(api_world, client):
    world = api_world
    participant = Participant.objects.get(engagement=world.public, user=world.pat)
    conversation = do_record_conversation(
        world.sam,
        world.public,
        {
            "held_on": "2026-11-20",
            "prompt": "What matters to you?",
            "notes": NOTES,
            "person_name": PERSON,
            "team": TEAM,
            "sharing": ListeningConversation.Sharing.THEMES,
            "participant": participant,
            "perspective": world.public.perspectives.first(),
        },
    )
    challenge = do_extract_challenge(world.sam, conversation, CHALLENGE, [], new_theme="Letters ZQX-theme")
    statement = do_challenge_to_statement(world.fran, challenge, STATEMENT)

    published = everything_published(client, world)
    assert STATEMENT.encode() in published  # the statement made from it is published, as any statement
    for secret in (NOTES, "ZQX", PERSON, "Prydderch", TEAM, CHALLENGE, world.pat.email):
        assert secret.encode() not in published, secret
    statements = client.get(f"/api/v1/engagements/{world.public.slug}/statements?origin=listening").json()["items"]
    assert [(s["id"], s["origin"]) for s in statements] == [(statement.pk, "listening")]
