"""Taking part without an account: a participant record per engagement and a signed cookie naming it."""

from __future__ import annotations

from django.core import signing
from django.test import Client
from django.urls import reverse

from coproduce.engagements.models import Participant
from coproduce.engagements.participants import COOKIE_NAME, SALT, make_token


def take_part(client: Client, engagement, **data):
    return client.post(reverse("engagements:take_part", args=[engagement.slug]), {"consent": "on", **data})


def test_taking_part_creates_a_pseudonymous_participant_and_a_signed_cookie(world, client):
    patient = world.public.perspectives.get(name_en="Patient")
    before = Participant.objects.count()
    response = take_part(client, world.public, perspective=patient.pk)
    assert response.status_code == 302
    assert Participant.objects.count() == before + 1
    participant = Participant.objects.latest("pk")
    assert participant.engagement == world.public
    assert participant.user is None
    assert participant.perspective == patient

    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert signing.loads(cookie.value, salt=SALT) == [str(participant.public_id)]
    # Nothing personal in it, and it is signed, not just encoded.
    assert "@" not in cookie.value


def test_the_cookie_brings_the_same_participant_back(world, client):
    take_part(client, world.public)
    participant = Participant.objects.latest("pk")
    page = client.get(world.public.get_absolute_url()).content.decode()
    assert "You are taking part in this engagement." in page
    # Taking part again is not a second participant.
    before = Participant.objects.count()
    take_part(client, world.public)
    assert Participant.objects.count() == before
    assert Participant.objects.latest("pk") == participant


def test_a_tampered_cookie_is_ignored(world, client):
    take_part(client, world.public)
    participant = Participant.objects.latest("pk")
    token = client.cookies[COOKIE_NAME].value

    stranger = Client()
    # Change one character of the payload: the signature no longer matches.
    stranger.cookies[COOKIE_NAME] = ("A" if token[0] != "A" else "B") + token[1:]
    page = stranger.get(world.public.get_absolute_url()).content.decode()
    assert "You are taking part in this engagement." not in page

    # A token signed with another key (or another salt) is refused too.
    stranger.cookies[COOKIE_NAME] = signing.dumps([str(participant.public_id)], key="not-our-secret", salt=SALT)
    assert "You are taking part" not in stranger.get(world.public.get_absolute_url()).content.decode()
    stranger.cookies[COOKIE_NAME] = signing.dumps([str(participant.public_id)], salt="another.salt")
    assert "You are taking part" not in stranger.get(world.public.get_absolute_url()).content.decode()

    # Garbage does not break the page.
    stranger.cookies[COOKIE_NAME] = "not a token at all"
    assert stranger.get(world.public.get_absolute_url()).status_code == 200


def test_a_tampered_cookie_does_not_let_anyone_into_a_link_only_engagement(world):
    participant = Participant.objects.create(engagement=world.link)
    forged = Client()
    forged.cookies[COOKIE_NAME] = signing.dumps([str(participant.public_id)], key="guessed-key", salt=SALT)
    assert forged.get(world.link.get_absolute_url()).status_code == 404
    genuine = Client()
    genuine.cookies[COOKIE_NAME] = make_token([participant.public_id])
    assert genuine.get(world.link.get_absolute_url()).status_code == 200


def test_taking_part_in_two_engagements_makes_two_unlinked_participants_in_one_cookie(world, client):
    client.get(reverse("engagements:join_by_link", args=[world.link.access_key]))
    take_part(client, world.public)
    take_part(client, world.link)
    mine = Participant.objects.filter(user=None).order_by("-pk")[:2]
    assert {p.engagement for p in mine} == {world.public, world.link}
    ids = signing.loads(client.cookies[COOKIE_NAME].value, salt=SALT)
    assert sorted(ids) == sorted(str(p.public_id) for p in mine)


def test_a_participant_of_one_engagement_is_not_one_of_another(world, pseudonymous_client):
    before = world.link.participants.count()
    page = pseudonymous_client.get(world.public.get_absolute_url()).content.decode()
    assert "You are taking part in this engagement." in page
    assert pseudonymous_client.get(world.link.get_absolute_url()).status_code == 404
    assert world.link.participants.count() == before


def test_signed_in_people_take_part_with_their_account(world, as_user):
    client = as_user(world.sam)
    take_part(client, world.public)
    participant = Participant.objects.get(engagement=world.public, user=world.sam)
    assert participant.consented_at is not None
    before = Participant.objects.count()
    take_part(client, world.public)
    assert Participant.objects.count() == before
