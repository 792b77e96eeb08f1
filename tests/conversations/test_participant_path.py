"""One decision of who may take part, one path for a participant's vote and one for their statement.

The pages and the API both go through engagements.participants.participant_for_writing (the account requirement,
then a consenting participant), conversations.access.voter / statement_writer, and the actions
do_vote_as_participant / do_write_statement_as_participant, which refuse with typed errors. These tests pin the
refusals themselves; the pages' messages and the API's codes are tested with the pages and the API.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone

from coproduce.conversations import actions
from coproduce.conversations.access import StatementsClosed, statement_writer, voter
from coproduce.conversations.ballot import voting_place
from coproduce.conversations.models import Statement, Vote, VoteEvent
from coproduce.engagements.models import Participant, Phase
from coproduce.engagements.participants import (
    COOKIE_NAME,
    NeedsAccount,
    NeedsToTakePart,
    make_token,
    participant_for_writing,
)


def request_of(*participants, user=None):
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    request.session = {}
    if participants:
        request.COOKIES[COOKIE_NAME] = make_token([p.public_id for p in participants])
    return request


def test_the_account_requirement_comes_first_even_for_a_consenting_participant(world, voter):
    participant = voter()
    with pytest.raises(NeedsAccount):
        participant_for_writing(request_of(participant), world.public, require_account=True)
    assert participant_for_writing(request_of(participant), world.public, require_account=False) == participant


def test_no_participant_or_no_consent_needs_taking_part(world):
    with pytest.raises(NeedsToTakePart):
        participant_for_writing(request_of(), world.public, require_account=False)
    unconsented = Participant.objects.create(engagement=world.public)
    with pytest.raises(NeedsToTakePart):
        participant_for_writing(request_of(unconsented), world.public, require_account=False)


def test_a_signed_in_participant_meets_the_account_requirement(world):
    mine, _created = Participant.objects.update_or_create(
        engagement=world.public, user=world.pat, defaults={"consented_at": timezone.now()}
    )
    assert participant_for_writing(request_of(user=world.pat), world.public, require_account=True) == mine


def test_the_voter_is_decided_from_the_place_as_from_the_orm(conversation, voter, world):
    participant = voter()
    place = voting_place(request_of(participant), world.public.slug)
    assert voter_of(place, participant).pk == participant.pk
    conversation.require_account = True
    conversation.save(update_fields=["require_account"])
    place = voting_place(request_of(participant), world.public.slug)
    with pytest.raises(NeedsAccount):
        voter_of(place, participant)


def voter_of(place, participant):
    return voter(request_of(participant), place)


def test_a_vote_when_voting_has_closed_raises_and_stores_nothing(conversation, voter, world):
    participant = voter()
    Phase.objects.filter(engagement=world.public).update(state=Phase.State.CLOSED)
    place = voting_place(request_of(participant), world.public.slug)
    with pytest.raises(actions.VotingClosed):
        actions.do_vote_as_participant(place, participant, conversation.statements.first().pk, Vote.AGREE)
    assert not Vote.objects.exists() and not VoteEvent.objects.exists()


def test_a_vote_on_no_published_statement_raises_and_stores_nothing(conversation, voter, world):
    participant = voter()
    hidden = conversation.statements.first()
    Statement.objects.filter(pk=hidden.pk).update(status=Statement.Status.HIDDEN)
    place = voting_place(request_of(participant), world.public.slug)
    for statement_id, value in ((hidden.pk, Vote.AGREE), (None, None), (hidden.pk + 1000, Vote.PASS)):
        with pytest.raises(actions.UnknownStatement):
            actions.do_vote_as_participant(place, participant, statement_id, value)
    assert not Vote.objects.exists() and not VoteEvent.objects.exists()
    shown = conversation.statements.exclude(pk=hidden.pk).first()
    assert actions.do_vote_as_participant(place, participant, shown.pk, Vote.DISAGREE).pk == shown.pk
    assert Vote.objects.get().value == Vote.DISAGREE


def test_writing_closed_is_refused_before_asking_who_writes(conversation, world):
    conversation.participants_can_write = False
    conversation.save(update_fields=["participants_can_write"])
    with pytest.raises(StatementsClosed):  # not NeedsToTakePart: whoever asks is told writing is not open
        statement_writer(request_of(), conversation)


def test_the_statement_action_refuses_closed_writing_floods_and_duplicates(conversation, voter, world):
    participant = voter()
    conversation.participants_can_write = False
    with pytest.raises(StatementsClosed):
        actions.do_write_statement_as_participant(conversation, participant, "Closed words")
    conversation.participants_can_write = True
    with pytest.raises(actions.DuplicateStatement):
        actions.do_write_statement_as_participant(
            conversation, participant, conversation.statements.first().text.upper()
        )
    before = Statement.objects.count()
    for n in range(actions.STATEMENTS_PER_MINUTE - 1):  # the duplicate above counted as one
        actions.do_write_statement_as_participant(conversation, participant, f"My own point number {n}")
    with pytest.raises(actions.TooManyStatements):
        actions.do_write_statement_as_participant(conversation, participant, "One too many")
    assert Statement.objects.count() == before + actions.STATEMENTS_PER_MINUTE - 1
