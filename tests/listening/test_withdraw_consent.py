"""Acceptance 3: withdrawing consent hides the conversation's notes and takes its challenges off the themes board;
statements already made from them stay (anonymous, with their votes)."""

from __future__ import annotations

from django.urls import reverse

from coproduce.conversations.models import Statement, Vote
from coproduce.engagements.models import AuditEvent, Participant
from coproduce.listening import actions
from coproduce.listening.board import themes_board
from coproduce.listening.models import NotesAccess
from tests.listening.conftest import NOTES, make_challenge, make_conversation


def board_total(engagement, theme) -> int:
    return next(row["total"] for row in themes_board(engagement)["board"] if row["theme"] == theme)


def test_withdrawing_consent(listening, as_user, client):
    w = listening
    conversation = w.conversations["public"]
    theme = w.themes["public"]
    kept = make_conversation(w.public, w.mo, person_name="Someone else", notes="Other notes stay")
    make_challenge(kept, "Parking is hard to find.", theme, raised_to_mentor=True)
    statement = actions.do_challenge_to_statement(w.fran, w.challenges["public"], "Letters arrive too late.")
    voter = Participant.objects.create(engagement=w.public, consented_at=conversation.created_at)
    Vote.objects.create(conversation=statement.conversation, participant=voter, statement=statement, value=1)
    assert board_total(w.public, theme) == 2

    url = reverse("listening_staff:consent", args=[w.public.slug, conversation.pk])
    # Without ticking the box: an error, and nothing changes.
    response = as_user(w.sam).post(url, {"form": "withdraw"})
    assert response.status_code == 200
    assert "Tick the box to confirm that the person withdrew their consent" in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.consent_withdrawn_at is None

    response = as_user(w.sam).post(url, {"form": "withdraw", "withdraw-confirm": "on"})
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.consent_withdrawn_at is not None
    assert AuditEvent.objects.filter(
        action="listening.consent_withdrawn", details__conversation=conversation.pk
    ).exists()

    # The notes are hidden from everyone who could read them, and hiding them is not a reading.
    logged = NotesAccess.objects.count()
    for person in (w.sam, w.mo, w.alice):
        page = as_user(person).get(reverse("listening_staff:conversation", args=[w.public.slug, conversation.pk]))
        assert page.status_code == 200
        assert NOTES not in page.content.decode()
        assert "withdrew their consent" in page.content.decode()
    assert NotesAccess.objects.count() == logged
    # The other conversation's notes are untouched.
    other = as_user(w.mo).get(reverse("listening_staff:conversation", args=[w.public.slug, kept.pk]))
    assert "Other notes stay" in other.content.decode()

    # Its challenge has left the board, the facilitators' list and the mentor space; the other one stays.
    assert board_total(w.public, theme) == 1
    challenges_page = as_user(w.fran).get(reverse("listening_staff:challenges", args=[w.public.slug])).content.decode()
    assert "Appointment letters arrive after the appointment." not in challenges_page
    assert "Parking is hard to find." in challenges_page
    mentor_page = as_user(w.mo).get(reverse("listening_staff:mentor", args=[w.public.slug])).content.decode()
    assert "Appointment letters arrive after the appointment." not in mentor_page
    assert "Parking is hard to find." in mentor_page

    # The statement made from it stays, published, with its vote.
    statement.refresh_from_db()
    assert statement.status == Statement.Status.PUBLISHED
    assert statement.votes.count() == 1
    # No new challenge can be taken from the conversation, and its consent can no longer be changed.
    response = as_user(w.sam).post(
        reverse("listening_staff:challenge_new", args=[w.public.slug, conversation.pk]),
        {"text": "Something new.", "themes": [theme.pk], "no_names": "on", "no_details": "on"},
    )
    assert response.status_code == 302
    assert conversation.challenges.count() == 1
    as_user(w.sam).post(url, {"form": "consent", "consent-sharing": "themes", "consent-quote": "no"})
    conversation.refresh_from_db()
    assert conversation.consent_withdrawn_at is not None


def test_keeping_notes_confidential_shares_no_challenge(listening):
    """A conversation whose person chose "keep my notes confidential" never reaches the board, even with challenges."""
    w = listening
    theme = w.themes["public"]
    before = board_total(w.public, theme)
    confidential = make_conversation(w.public, w.sam, sharing="confidential")
    make_challenge(confidential, "Should not be counted.", theme)
    assert board_total(w.public, theme) == before


def test_changing_consent_to_confidential_takes_challenges_off_the_board(listening, as_user):
    w = listening
    conversation = w.conversations["public"]
    theme = w.themes["public"]
    assert board_total(w.public, theme) == 1
    response = as_user(w.sam).post(
        reverse("listening_staff:consent", args=[w.public.slug, conversation.pk]),
        {"form": "consent", "consent-sharing": "confidential", "consent-quote": "no"},
    )
    assert response.status_code == 302
    assert board_total(w.public, theme) == 0
    assert AuditEvent.objects.filter(action="listening.consent_changed", details__sharing="confidential").exists()
    # Back to sharing themes: the challenge, still anonymised, is counted again.
    as_user(w.sam).post(
        reverse("listening_staff:consent", args=[w.public.slug, conversation.pk]),
        {"form": "consent", "consent-sharing": "themes", "consent-quote": "without_name"},
    )
    assert board_total(w.public, theme) == 1
