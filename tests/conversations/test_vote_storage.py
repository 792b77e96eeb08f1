"""One Vote row per (participant, statement): a double submit is stored once, a changed vote replaces the old one,
and every cast is appended to the vote history (VoteEvent)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from coproduce.conversations.actions import do_cast_vote
from coproduce.conversations.models import Vote, VoteEvent
from coproduce.engagements.models import Participant

from .conftest import client_of

VOTE_URL = reverse("conversations:vote", args=["outpatients"])


def cast(browser, statement, value, **extra):
    return browser.post(VOTE_URL, {"statement": statement.pk, "value": value, **extra})


def history(participant, statement):
    return list(VoteEvent.objects.filter(participant=participant, statement=statement).values_list("value", flat=True))


def test_joining_then_voting(conversation, world):
    """The whole path through the pages: consent and perspective, then a vote, stored against the new participant."""
    browser = Client()
    carer = world.public.perspectives.get(name_en="Carer")
    response = browser.post(
        reverse("engagements:take_part", args=["outpatients"]), {"consent": "on", "perspective": carer.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("conversations:vote_page", args=["outpatients"])
    participant = Participant.objects.get(engagement=world.public, user=None, perspective=carer)
    assert participant.consented_at is not None
    statement = conversation.statements.first()
    assert cast(browser, statement, "1").status_code == 302
    assert Vote.objects.get(statement=statement).participant == participant


def test_a_double_submitted_vote_is_stored_once(conversation, voter):
    participant, statement = voter(), conversation.statements.first()
    browser = client_of(participant)
    for _ in range(2):
        response = cast(browser, statement, "1")
        assert response.status_code == 302
    vote = Vote.objects.get(participant=participant, statement=statement)
    assert vote.value == Vote.AGREE
    assert Vote.objects.filter(participant=participant).count() == 1
    assert history(participant, statement) == [Vote.AGREE, Vote.AGREE]


def test_a_changed_vote_replaces_the_old_one(conversation, voter):
    participant, statement = voter(), conversation.statements.first()
    browser = client_of(participant)
    cast(browser, statement, "1")
    first = Vote.objects.get(participant=participant, statement=statement)
    response = cast(browser, statement, "-1", next="my-votes")
    assert response["Location"] == reverse("conversations:my_votes", args=["outpatients"])
    assert "Your vote has been changed." in browser.get(response["Location"]).content.decode()
    assert Vote.objects.filter(participant=participant, statement=statement).count() == 1
    changed = Vote.objects.get(participant=participant, statement=statement)
    assert changed.pk == first.pk
    assert changed.value == Vote.DISAGREE
    assert changed.updated_at >= first.updated_at
    assert history(participant, statement) == [Vote.AGREE, Vote.DISAGREE]


def test_the_action_is_idempotent_and_keeps_history(conversation, voter):
    participant, statement = voter(), conversation.statements.first()
    for value in (Vote.PASS, Vote.PASS, Vote.AGREE, Vote.DISAGREE):
        assert do_cast_vote(participant, statement, value) is True
        assert Vote.objects.get(participant=participant, statement=statement).value == value
    assert Vote.objects.filter(participant=participant).count() == 1
    assert history(participant, statement) == [Vote.PASS, Vote.PASS, Vote.AGREE, Vote.DISAGREE]


def test_votes_of_different_people_and_statements_are_separate(conversation, voter):
    people = [voter() for _ in range(3)]
    statements = list(conversation.statements.all()[:4])
    for person in people:
        for statement in statements:
            do_cast_vote(person, statement, Vote.AGREE)
    assert Vote.objects.filter(conversation=conversation).count() == 12


@pytest.mark.parametrize("value", ["2", "-2", "agree", "", "1.0"])
def test_an_invalid_value_is_refused_and_nothing_saved(conversation, voter, value):
    participant, statement = voter(), conversation.statements.first()
    response = cast(client_of(participant), statement, value)
    assert response.status_code == 302
    assert response["Location"] == reverse("conversations:vote_page", args=["outpatients"])
    assert not Vote.objects.exists()
    assert not VoteEvent.objects.exists()


def test_the_action_and_the_database_refuse_an_invalid_value(conversation, voter):
    participant, statement = voter(), conversation.statements.first()
    with pytest.raises(ValueError):
        do_cast_vote(participant, statement, 2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(conversation=conversation, participant=participant, statement=statement, value=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        for _ in range(2):
            Vote.objects.create(conversation=conversation, participant=participant, statement=statement, value=1)
    assert not Vote.objects.exists()
    assert not VoteEvent.objects.exists()


def test_an_account_votes_as_its_own_participant_record_before_the_browsers(conversation, voter, world):
    """The vote reads the voter with plain SQL (conversations/ballot.py); it must choose as current_participant does."""
    from django.utils import timezone

    from coproduce.engagements.participants import current_participant

    browsers_record = voter()
    own, _created = Participant.objects.update_or_create(
        engagement=world.public, user=world.pat, defaults={"consented_at": timezone.now()}
    )
    browser = client_of(browsers_record)  # the cookie names the browser's record
    browser.force_login(world.pat)
    statement = conversation.statements.first()
    assert cast(browser, statement, "1").status_code == 302
    assert list(Vote.objects.values_list("participant_id", flat=True)) == [own.pk]
    request = browser.get(reverse("conversations:vote_page", args=["outpatients"])).wsgi_request
    assert current_participant(request, world.public) == own


def test_with_two_records_in_the_cookie_the_earliest_votes(conversation, voter):
    from coproduce.engagements.participants import make_token

    first, second = voter(), voter()
    browser = Client()
    browser.cookies["coproduce_participant"] = make_token([second.public_id, first.public_id])
    assert cast(browser, conversation.statements.first(), "-1").status_code == 302
    assert list(Vote.objects.values_list("participant_id", flat=True)) == [first.pk]
