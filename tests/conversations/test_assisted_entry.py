"""A facilitator enters a paper or phone response for someone: a new participant and votes marked assisted,
counted in the analysis. The person's consent must be confirmed; only managers may do it; bad input saves nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.conversations.models import AnalysisSnapshot, Statement, Vote, VoteEvent
from coproduce.engagements.models import AuditEvent, Participant

URL = reverse("conversations_staff:assisted", args=["outpatients"])


def answers(statements, values):
    return {f"s{s.pk}": str(v) for s, v in zip(statements, values)}


def nothing_saved():
    return not Participant.objects.filter(is_assisted=True).exists() and not Vote.objects.exists() and not VoteEvent.objects.exists()


def test_an_assisted_response_is_marked_and_counted(conversation, world, as_user):
    statements = list(conversation.statements.all())
    carer = world.public.perspectives.get(name_en="Carer")
    browser = as_user(world.fran)
    response = browser.post(URL, {**answers(statements, [1, -1, 0, 1]), "perspective": carer.pk, "consent": "yes"}, follow=True)
    assert "The response has been saved as an assisted response." in response.content.decode()
    participant = Participant.objects.get(is_assisted=True)
    assert participant.consented_at is not None
    assert participant.perspective == carer
    assert participant.user is None
    votes = Vote.objects.filter(participant=participant)
    assert sorted(votes.values_list("statement_id", "value")) == sorted(
        [(statements[0].pk, 1), (statements[1].pk, -1), (statements[2].pk, 0), (statements[3].pk, 1)]
    )
    assert all(votes.values_list("is_assisted", flat=True))
    assert VoteEvent.objects.filter(participant=participant, is_assisted=True).count() == 4
    audit = AuditEvent.objects.filter(action="participant.assisted_entry").get()
    assert audit.actor == world.fran

    # Counted in the analysis like anyone else's votes.
    assert Client().get(reverse("conversations:results", args=["outpatients"])).status_code == 200
    snapshot = AnalysisSnapshot.objects.latest()
    assert (snapshot.vote_count, snapshot.participant_count) == (4, 1)
    assert participant.pk in {p["id"] for p in snapshot.data["participants"]}


def test_consent_must_be_confirmed(conversation, world, as_user):
    statements = list(conversation.statements.all())
    for consent in ({}, {"consent": "no"}, {"consent": "on"}):
        response = as_user(world.fran).post(URL, {**answers(statements, [1, 1]), **consent}, follow=True)
        assert "Confirm that the person agreed to the privacy notice. Nothing was saved." in response.content.decode()
    assert nothing_saved()


@pytest.mark.parametrize(
    "bad",
    [
        lambda s, p: {},  # no answer at all
        lambda s, p: {f"s{s[0].pk}": "1", f"s{s[1].pk}": "2"},
        lambda s, p: {f"s{s[0].pk}": "agree"},
        lambda s, p: {f"s{s[0].pk}": "1", "perspective": "999999"},
    ],
    ids=["no answers", "value out of range", "not a number", "unknown perspective"],
)
def test_bad_input_saves_nothing(conversation, world, as_user, bad):
    statements = list(conversation.statements.all())
    response = as_user(world.fran).post(URL, {**bad(statements, None), "consent": "yes"})
    assert response.status_code in (200, 302)
    assert nothing_saved()


def test_hidden_statements_are_not_offered_or_saved(conversation, world, as_user):
    hidden, shown = list(conversation.statements.all()[:2])
    Statement.objects.filter(pk=hidden.pk).update(status=Statement.Status.HIDDEN)
    browser = as_user(world.alice)
    page = browser.get(URL).content.decode()
    assert f'name="s{shown.pk}"' in page
    assert f'name="s{hidden.pk}"' not in page
    browser.post(URL, {f"s{hidden.pk}": "1", f"s{shown.pk}": "-1", "consent": "yes"})
    assert list(Vote.objects.values_list("statement_id", "value")) == [(shown.pk, -1)]


@pytest.mark.parametrize("persona", ["sam", "mo", "erin", "pat"])
def test_only_managers(conversation, world, as_user, persona):
    statements = list(conversation.statements.all())
    response = as_user(getattr(world, persona)).post(URL, {**answers(statements, [1]), "consent": "yes"})
    assert response.status_code == 403
    assert nothing_saved()
