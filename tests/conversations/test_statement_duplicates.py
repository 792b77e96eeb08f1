"""A duplicate statement (case, spacing and punctuation ignored) is refused, links to the existing one, saves nothing."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coproduce.conversations.access import conversation_of
from coproduce.conversations.actions import DuplicateStatement, do_write_statement
from coproduce.conversations.models import Statement, normalise_statement

from .conftest import client_of

EXISTING = "Parking at the hospital makes me late."


@pytest.mark.parametrize(
    "repeat",
    [
        EXISTING,
        "parking at the hospital makes me late",
        "PARKING AT THE HOSPITAL MAKES ME LATE!!!",
        "  Parking   at the\nhospital makes me late .",
        "Parking, at the hospital; makes me — late…",
        "“Parking at the hospital makes me late”",
    ],
    ids=["same", "lower case", "upper case and !", "spacing", "punctuation", "curly quotes"],
)
def test_refused_with_a_link_to_the_existing_statement(conversation, voter, repeat):
    existing = conversation.statements.get(text=EXISTING)
    before = Statement.objects.count()
    response = client_of(voter()).post(reverse("conversations:write", args=["outpatients"]), {"text": repeat})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone has already made this statement. You can vote on it instead." in html
    link = reverse("conversations:statement", args=["outpatients", existing.pk])
    # The existing statement's words, marked with their language (coproduce.translations' template tag).
    assert re.search(rf'<a href="{re.escape(link)}"><span lang="en">{re.escape(EXISTING)}</span></a>', html)
    assert Statement.objects.count() == before
    # The link leads to the statement.
    assert EXISTING in client_of(voter()).get(link).content.decode()


def test_different_words_are_not_duplicates(conversation, voter):
    # Near enough to be asked "Is this what you mean?" first (test_near_duplicate_warning.py): published anyway.
    response = client_of(voter()).post(
        reverse("conversations:write", args=["outpatients"]),
        {"text": "Parking at the hospital makes me early.", "confirm": "publish"},
    )
    assert response.status_code == 302
    assert conversation.statements.filter(text="Parking at the hospital makes me early.").exists()


def test_the_same_words_in_another_engagement_are_not_duplicates(conversation, world, voter):
    other = conversation_of(world.private)
    statement = do_write_statement(other, EXISTING, author=voter(world.private))
    assert statement.conversation == other


def test_the_action_raises_with_the_existing_statement(conversation, voter):
    existing = conversation.statements.get(text=EXISTING)
    before = Statement.objects.count()
    with pytest.raises(DuplicateStatement) as error:
        do_write_statement(conversation, "parking AT the hospital, makes me late", author=voter())
    assert error.value.existing == existing
    assert Statement.objects.count() == before


def test_a_hidden_statement_still_counts_as_a_duplicate(conversation, voter):
    # Otherwise hidden abuse could be posted again at once.
    existing = conversation.statements.get(text=EXISTING)
    Statement.objects.filter(pk=existing.pk).update(status=Statement.Status.HIDDEN)
    with pytest.raises(DuplicateStatement):
        do_write_statement(conversation, EXISTING.upper(), author=voter())


def test_normalised_form():
    assert normalise_statement("  Hello,   WORLD!  ") == "hello world"
    assert normalise_statement("Ｆｕｌｌ　width") == normalise_statement("full width")


@pytest.mark.parametrize("status", [Statement.Status.HIDDEN, Statement.Status.PENDING])
def test_a_duplicate_of_an_unpublished_statement_is_refused_without_linking_to_it(conversation, voter, status):
    # The page must not lead to (or print) a statement that is hidden or not yet checked: the link would be a 404.
    existing = conversation.statements.get(text=EXISTING)
    Statement.objects.filter(pk=existing.pk).update(status=status)
    before = Statement.objects.count()
    response = client_of(voter()).post(reverse("conversations:write", args=["outpatients"]), {"text": EXISTING.lower()})
    assert response.status_code == 200
    html = response.content.decode()
    # A message of its own: there is nothing the participant could vote on.
    assert "This statement has already been made." in html
    assert "Someone has already made this statement" not in html
    assert "vote on it" not in html
    assert reverse("conversations:statement", args=["outpatients", existing.pk]) not in html
    assert Statement.objects.count() == before


def test_the_duplicate_of_a_hidden_statement_in_welsh(conversation, voter):
    existing = conversation.statements.get(text=EXISTING)
    Statement.objects.filter(pk=existing.pk).update(status=Statement.Status.HIDDEN)
    browser = client_of(voter())
    browser.cookies["coproduce_language"] = "cy"
    html = browser.post(reverse("conversations:write", args=["outpatients"]), {"text": EXISTING}).content.decode()
    assert "Mae’r datganiad hwn wedi’i wneud yn barod." in html
    assert "pleidleisio arno" not in html


def test_a_statement_that_lengthens_when_normalised_still_fits_its_column(world):
    # NFKC turns U+FDFA into 18 letters: a 280-character statement of it would not fit a varchar(280) on PostgreSQL.
    text = "\ufdfa" * 280
    assert len(normalise_statement(text)) == 280
    statement = Statement.objects.create(conversation=conversation_of(world.public), text=text)
    assert Statement.objects.get(pk=statement.pk).normalised == normalise_statement(text)
