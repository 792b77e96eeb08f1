"""The matcher kept per conversation (conversations.near_duplicates): reused while nothing changed, grown with a
statement written since in a large conversation, built again after a translation is confirmed; what is shown is
read again, so a statement hidden since is never offered."""

from __future__ import annotations

from coproduce.conversations import near_duplicates
from coproduce.conversations.actions import do_write_statement
from coproduce.conversations.models import Statement, normalise_statement

from .conftest import add_statements


def many(conversation, n: int) -> None:
    texts = [f"Clinic number {i} should open at {i % 12 + 1} o'clock on weekday {i % 7}." for i in range(n)]
    Statement.objects.bulk_create(
        Statement(conversation=conversation, text=t, normalised=normalise_statement(t), origin="seed") for t in texts
    )


def test_kept_while_nothing_changes(conversation):
    first = near_duplicates.matcher_for(conversation)
    assert near_duplicates.matcher_for(conversation) is first


def test_a_large_conversation_grows_its_matcher_with_a_new_statement(conversation):
    many(conversation, near_duplicates.EXTEND_FROM)
    first = near_duplicates.matcher_for(conversation)
    new = add_statements(conversation, ["Ambulance crews wait hours outside the emergency department."])[0]
    grown = near_duplicates.matcher_for(conversation)
    assert grown is not first and len(grown) == len(first) + 1
    assert grown._vectoriser is first._vectoriser  # extended, not fitted again
    found = near_duplicates.similar_statements(
        conversation, "Ambulance crews wait hours outside the emergency department!", "en"
    )
    assert found[0] == new


def test_a_small_conversation_is_built_again(conversation):
    first = near_duplicates.matcher_for(conversation)
    add_statements(conversation, ["Ambulance crews wait hours outside the emergency department."])
    again = near_duplicates.matcher_for(conversation)
    assert again._vectoriser is not first._vectoriser


def test_a_confirmed_translation_builds_it_again(conversation, world):
    first = near_duplicates.matcher_for(conversation)
    do_write_statement(
        conversation,
        "Hospital volunteers should get free meals.",
        author=None,
        origin=Statement.Origin.SEED,
        actor=world.fran,
        language="en",
        translation="Dylai gwirfoddolwyr yr ysbyty gael prydau am ddim.",
    )
    again = near_duplicates.matcher_for(conversation)
    assert len(again) == len(first) + 2  # the statement and its Welsh


def test_a_statement_hidden_since_is_not_offered(conversation):
    existing = conversation.statements.get(text="Parking at the hospital makes me late.")
    assert near_duplicates.similar_statements(conversation, "Hospital parking makes me late!", "en") == [existing]
    Statement.objects.filter(pk=existing.pk).update(status=Statement.Status.HIDDEN)
    assert near_duplicates.similar_statements(conversation, "Hospital parking makes me late!", "en") == []
