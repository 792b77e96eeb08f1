"""Acceptance 4: erasing a person (a data subject request) removes their conversations' notes and personal details,
and leaves the anonymous aggregates: vote counts, statements, challenge counts."""

from __future__ import annotations

from django.urls import reverse

from coproduce.conversations.models import Statement, Vote
from coproduce.engagements.models import AuditEvent, Participant
from coproduce.listening import actions
from coproduce.listening.board import themes_board
from coproduce.listening.models import ListeningConversation
from tests.listening.conftest import NOTES, make_challenge, make_conversation


def test_erasing_a_person(listening, as_user):
    w = listening
    pat = w.pat_participant
    first = w.conversations["public"]
    second = make_conversation(w.public, w.mo, participant=pat, person_name="P. Jones", notes="Second talk.")
    make_challenge(second, "Clinics close too early for carers.", w.themes["public"])
    someone_else = make_conversation(w.public, w.sam, person_name="Rhian", notes="Rhian's notes stay.")
    statement = actions.do_challenge_to_statement(w.fran, w.challenges["public"], "Letters arrive too late.")
    Vote.objects.create(conversation=statement.conversation, participant=pat, statement=statement, value=1)
    board_before = [(row["theme"].pk, row["counts"], row["total"]) for row in themes_board(w.public)["board"]]
    statements_before = list(Statement.objects.values_list("pk", "text", "status"))
    votes_before = list(Vote.objects.values_list("statement_id", "value"))

    # Found by the email of their account.
    search = as_user(w.alice).get(reverse("listening_staff:erase", args=[w.public.slug]), {"q": "pat@example.org"})
    found = search.content.decode()
    assert reverse("listening_staff:erase_person", args=[w.public.slug, first.pk]) in found
    assert reverse("listening_staff:erase_person", args=[w.public.slug, second.pk]) in found
    assert "Rhian" not in found

    url = reverse("listening_staff:erase_person", args=[w.public.slug, first.pk])
    # Without the confirmation: an error summary and nothing erased.
    response = as_user(w.alice).post(url, {})
    assert response.status_code == 200
    assert "Tick the box to confirm the erasure" in response.content.decode()
    assert ListeningConversation.objects.get(pk=first.pk).notes == NOTES

    response = as_user(w.alice).post(url, {"confirm": "on"})
    assert response.status_code == 302
    for conversation in (first, second):
        conversation.refresh_from_db()
        assert conversation.notes == ""
        assert conversation.person_name == ""
        assert conversation.participant_id is None
        assert conversation.erased_at is not None
    pat.refresh_from_db()
    assert pat.user_id is None  # their votes count, naming nobody
    someone_else.refresh_from_db()
    assert someone_else.notes == "Rhian's notes stay." and someone_else.person_name == "Rhian"

    # The anonymous aggregates are intact.
    assert [(row["theme"].pk, row["counts"], row["total"]) for row in themes_board(w.public)["board"]] == board_before
    assert list(Statement.objects.values_list("pk", "text", "status")) == statements_before
    assert list(Vote.objects.values_list("statement_id", "value")) == votes_before
    assert Participant.objects.filter(pk=pat.pk).exists()

    # Audited, without the person's name or notes.
    event = AuditEvent.objects.get(action="listening.person_erased")
    assert event.actor == w.alice
    assert sorted(event.details["conversations"]) == sorted([first.pk, second.pk])
    assert "Jones" not in str(event.details) and NOTES not in str(event.details)

    # Nobody can read the notes any more, and the page says why.
    page = as_user(w.sam).get(reverse("listening_staff:conversation", args=[w.public.slug, first.pk])).content.decode()
    assert NOTES not in page and "Pat Jones" not in page
    assert "erased at the person’s request" in page
    # An erased conversation cannot be erased again.
    assert as_user(w.alice).get(url).status_code == 404


def test_erasing_an_unlinked_named_person_matches_by_name(listening, as_user):
    w = listening
    a = make_conversation(w.public, w.sam, person_name="Gwen Evans", notes="one")
    b = make_conversation(w.public, w.mo, person_name="gwen evans", notes="two")
    other = make_conversation(w.public, w.mo, person_name="Gwen Evans-Hughes", notes="three")
    anonymous = make_conversation(w.public, w.sam, person_name="", notes="four")
    as_user(w.alice).post(reverse("listening_staff:erase_person", args=[w.public.slug, a.pk]), {"confirm": "on"})
    assert list(ListeningConversation.objects.filter(pk__in=[a.pk, b.pk]).values_list("notes", flat=True)) == ["", ""]
    other.refresh_from_db()
    anonymous.refresh_from_db()
    assert other.notes == "three" and anonymous.notes == "four"
