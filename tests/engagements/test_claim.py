"""An account claims the pseudonymous participant record made in the same browser, and only that one."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from coproduce.engagements.models import Participant
from coproduce.engagements.participants import COOKIE_NAME, make_token


def claim(client: Client, engagement):
    return client.post(reverse("engagements:claim", args=[engagement.slug]))


def test_signing_in_and_claiming_links_the_participant_to_the_account(world, pseudonymous_client):
    participant = pseudonymous_client.participant
    pseudonymous_client.force_login(world.sam)
    page = pseudonymous_client.get(world.public.get_absolute_url()).content.decode()
    assert reverse("engagements:claim", args=[world.public.slug]) in page  # the offer is shown

    response = claim(pseudonymous_client, world.public)
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.user == world.sam
    # From any device now: a new browser signed in as sam is the same participant.
    elsewhere = Client()
    elsewhere.force_login(world.sam)
    assert "You are taking part in this engagement." in elsewhere.get(world.public.get_absolute_url()).content.decode()


def test_a_participant_already_claimed_by_someone_else_cannot_be_claimed(world, pseudonymous_client):
    participant = pseudonymous_client.participant
    pseudonymous_client.force_login(world.sam)
    claim(pseudonymous_client, world.public)
    # The same browser (same cookie), now signed in as someone else.
    pseudonymous_client.force_login(world.mo)
    response = claim(pseudonymous_client, world.public)
    assert response.status_code == 404
    participant.refresh_from_db()
    assert participant.user == world.sam


def test_no_one_can_claim_a_participant_whose_token_they_do_not_hold(world, as_user):
    someone_elses = Participant.objects.create(engagement=world.public)
    client = as_user(world.mo)
    assert claim(client, world.public).status_code == 404
    client.cookies[COOKIE_NAME] = make_token([someone_elses.public_id])[:-3] + "xyz"  # forged signature
    assert claim(client, world.public).status_code == 404
    someone_elses.refresh_from_db()
    assert someone_elses.user is None


def test_claiming_needs_an_account(world, pseudonymous_client):
    response = claim(pseudonymous_client, world.public)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    pseudonymous_client.participant.refresh_from_db()
    assert pseudonymous_client.participant.user is None


def test_an_account_that_already_takes_part_keeps_its_own_record(world, pseudonymous_client):
    # pat already takes part in the public engagement with the account: one participant per account.
    own = Participant.objects.get(engagement=world.public, user=world.pat)
    pseudonymous_client.force_login(world.pat)
    claim(pseudonymous_client, world.public)
    pseudonymous_client.participant.refresh_from_db()
    assert pseudonymous_client.participant.user is None
    assert Participant.objects.filter(engagement=world.public, user=world.pat).get() == own


def test_a_claim_only_covers_the_engagement_it_was_made_in(world):
    public_one = Participant.objects.create(engagement=world.public)
    link_one = Participant.objects.create(engagement=world.link)
    client = Client()
    client.cookies[COOKIE_NAME] = make_token([public_one.public_id, link_one.public_id])
    client.force_login(world.sam)
    claim(client, world.public)
    public_one.refresh_from_db()
    link_one.refresh_from_db()
    assert public_one.user == world.sam
    assert link_one.user is None


def test_an_account_that_already_takes_part_is_told_its_records_stay_separate(world, pseudonymous_client):
    pseudonymous_client.force_login(world.pat)  # pat already takes part in the public engagement
    response = claim(pseudonymous_client, world.public)
    assert response.status_code == 302
    pseudonymous_client.participant.refresh_from_db()
    assert pseudonymous_client.participant.user is None
    page = pseudonymous_client.get(world.public.get_absolute_url()).content.decode()
    assert "already takes part in this engagement" in page
