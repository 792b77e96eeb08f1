"""Votes that must not be saved: on a hidden, pending or other engagement's statement, when voting has closed, or
from someone who has not consented (sent to the joining page). In every case nothing is saved."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Statement, Vote, VoteEvent
from coproduce.engagements.models import Participant, Phase

from .conftest import add_statements, client_of

VOTE_URL = reverse("conversations:vote", args=["outpatients"])
NOT_SAVED = "That vote could not be saved: choose agree, disagree or pass on a statement shown to you."


def assert_nothing_saved():
    assert not Vote.objects.exists()
    assert not VoteEvent.objects.exists()


@pytest.mark.parametrize("status", [Statement.Status.HIDDEN, Statement.Status.PENDING])
def test_on_a_statement_that_is_not_published(conversation, voter, status):
    statement = conversation.statements.first()
    Statement.objects.filter(pk=statement.pk).update(status=status)
    response = client_of(voter()).post(VOTE_URL, {"statement": statement.pk, "value": "1"}, follow=True)
    assert NOT_SAVED in response.content.decode()
    assert_nothing_saved()


def test_on_another_engagements_statement(conversation, voter, world):
    elsewhere = add_statements(conversation_of(world.link), ["A statement of another engagement."])[0]
    response = client_of(voter()).post(VOTE_URL, {"statement": elsewhere.pk, "value": "1"}, follow=True)
    assert NOT_SAVED in response.content.decode()
    assert_nothing_saved()


def test_on_a_statement_that_does_not_exist(conversation, voter):
    response = client_of(voter()).post(VOTE_URL, {"statement": 987654, "value": "1"}, follow=True)
    assert NOT_SAVED in response.content.decode()
    assert_nothing_saved()


def test_when_the_phase_has_closed(conversation, voter, world):
    participant = voter()
    browser = client_of(participant)
    statement = conversation.statements.first()
    Phase.objects.filter(engagement=world.public).update(state=Phase.State.CLOSED)
    response = browser.post(VOTE_URL, {"statement": statement.pk, "value": "1"}, follow=True)
    assert "Voting has closed. Your vote was not saved." in response.content.decode()
    assert_nothing_saved()
    response = browser.get(reverse("conversations:vote_page", args=["outpatients"]), follow=True)
    assert "Voting is not open at the moment." in response.content.decode()


def test_a_changed_vote_after_closing_keeps_the_old_one(conversation, voter, world):
    participant = voter()
    browser = client_of(participant)
    statement = conversation.statements.first()
    browser.post(VOTE_URL, {"statement": statement.pk, "value": "1"})
    Phase.objects.filter(engagement=world.public).update(state=Phase.State.CLOSED)
    browser.post(VOTE_URL, {"statement": statement.pk, "value": "-1", "next": "my-votes"})
    assert Vote.objects.get(participant=participant).value == Vote.AGREE
    assert VoteEvent.objects.count() == 1


@pytest.mark.parametrize("who", ["no participant", "not consented"])
def test_without_consent_you_are_sent_to_take_part(conversation, world, who):
    if who == "no participant":
        browser = Client()
    else:
        browser = client_of(Participant.objects.create(engagement=world.public))
    take_part = reverse("engagements:take_part", args=["outpatients"])
    statement = conversation.statements.first()
    response = browser.post(VOTE_URL, {"statement": statement.pk, "value": "1"})
    assert response.status_code == 302
    assert response["Location"] == take_part
    assert_nothing_saved()
    for name in ("vote_page", "my_votes", "write"):
        response = browser.get(reverse(f"conversations:{name}", args=["outpatients"]))
        assert (response.status_code, response["Location"]) == (302, take_part), name
    response = browser.post(reverse("conversations:write", args=["outpatients"]), {"text": "Let me in"})
    assert response["Location"] == take_part
    assert not Statement.objects.filter(text="Let me in").exists()


def test_a_participant_of_another_engagement_is_not_a_participant_here(conversation, world, voter):
    # The cookie names participants per engagement: consenting in one does not let you vote in another.
    browser = client_of(voter(world.link))
    response = browser.post(VOTE_URL, {"statement": conversation.statements.first().pk, "value": "1"})
    assert response["Location"] == reverse("engagements:take_part", args=["outpatients"])
    assert_nothing_saved()


def test_an_account_is_required_when_the_conversation_says_so(conversation, voter):
    conversation.require_account = True
    conversation.save()
    response = client_of(voter()).post(VOTE_URL, {"statement": conversation.statements.first().pk, "value": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert_nothing_saved()


def test_on_a_statement_number_too_large_for_the_database(conversation, voter):
    response = client_of(voter()).post(VOTE_URL, {"statement": 2**70, "value": "1"}, follow=True)
    assert NOT_SAVED in response.content.decode()
    assert_nothing_saved()


@pytest.mark.parametrize("days_from_today, saved", [(-1, True), (0, True), (1, False)])
def test_a_phase_that_follows_its_dates(conversation, voter, world, days_from_today, saved):
    """The vote reads the phases' dates with plain SQL (conversations/ballot.py): they must compare as dates."""
    import datetime as dt

    from django.utils import timezone

    starts = timezone.localdate() + dt.timedelta(days=days_from_today)
    Phase.objects.filter(engagement=world.public).update(
        state=Phase.State.SCHEDULED, starts_on=starts, ends_on=starts + dt.timedelta(days=1)
    )
    statement = conversation.statements.first()
    response = client_of(voter()).post(VOTE_URL, {"statement": statement.pk, "value": "1"}, follow=True)
    assert Vote.objects.filter(statement=statement).exists() is saved
    if not saved:
        assert "Voting has closed. Your vote was not saved." in response.content.decode()


def test_the_action_stores_nothing_on_a_statement_that_is_not_published(conversation, voter, world):
    from coproduce.conversations.actions import do_cast_vote

    hidden = conversation.statements.first()
    Statement.objects.filter(pk=hidden.pk).update(status=Statement.Status.HIDDEN)
    hidden.refresh_from_db()
    elsewhere = add_statements(conversation_of(world.link), ["A statement of another engagement."])[0]
    participant = voter()
    assert do_cast_vote(participant, hidden, Vote.AGREE) is False
    # A statement of another conversation, named as if it were this one's.
    assert do_cast_vote(participant, Statement(pk=elsewhere.pk, conversation_id=conversation.pk), Vote.AGREE) is False
    assert_nothing_saved()


def test_an_engagement_whose_conversation_is_not_made_yet(voter, world):
    """Conversations are made when first needed; the vote page and the vote must not answer 404 before that."""
    from coproduce.conversations.models import Conversation

    Conversation.objects.filter(engagement=world.public).delete()
    browser = client_of(voter())
    page = browser.get(reverse("conversations:vote_page", args=["outpatients"]))
    assert page.status_code == 200
    assert Conversation.objects.filter(engagement=world.public).count() == 1
    Conversation.objects.filter(engagement=world.public).delete()
    response = browser.post(VOTE_URL, {"statement": 1, "value": "1"}, follow=True)
    assert NOT_SAVED in response.content.decode()  # no statement yet, and nothing saved
    assert_nothing_saved()
