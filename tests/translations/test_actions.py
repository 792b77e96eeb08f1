"""Proposing, confirming and rejecting a translation: a second person confirms, the limits hold, refusals save
nothing, every change is audited."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from coproduce.conversations.actions import DuplicateStatement, do_write_statement
from coproduce.conversations.models import STATEMENT_MAX_LENGTH, Statement
from coproduce.engagements.models import AuditEvent, Membership, Role
from coproduce.translations import actions
from coproduce.translations.models import Translation
from coproduce.translations.reading import confirmed_text

from .conftest import ENGLISH_IN_WELSH, WELSH_IN_ENGLISH


def rows() -> list[tuple]:
    return list(Translation.objects.order_by("pk").values_list("text", "status", "proposed_by_id", "reviewed_by_id"))


def test_proposed_by_one_confirmed_by_another(world, tina, statements):
    english, welsh = statements
    proposed = actions.do_propose_translation(tina, welsh, "text", WELSH_IN_ENGLISH)
    assert (proposed.language, proposed.status) == ("en", Translation.Status.PROPOSED)
    assert confirmed_text(Statement.objects.get(pk=welsh.pk), "text", "en") is None  # not shown until confirmed
    confirmed = actions.do_confirm_translation(world.fran, proposed)
    assert (confirmed.status, confirmed.reviewed_by, confirmed.proposed_by) == ("confirmed", world.fran, tina)
    assert confirmed_text(Statement.objects.get(pk=welsh.pk), "text", "en") == WELSH_IN_ENGLISH
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "details__statement", "actor_id"))
    assert events == [("translation.proposed", welsh.pk, tina.pk), ("translation.confirmed", welsh.pk, world.fran.pk)]


def test_the_proposer_never_confirms_their_own(world, tina, statements):
    _english, welsh = statements
    proposed = actions.do_propose_translation(world.fran, welsh, "text", WELSH_IN_ENGLISH)
    before = (rows(), AuditEvent.objects.count())
    with pytest.raises(actions.OwnTranslation):
        actions.do_confirm_translation(world.fran, proposed)
    with pytest.raises(actions.OwnTranslation):
        actions.do_reject_translation(world.fran, proposed)
    assert (rows(), AuditEvent.objects.count()) == before
    # Another translator, the facilitator or an admin may: here the translator.
    assert actions.do_confirm_translation(tina, proposed).status == Translation.Status.CONFIRMED


def test_the_database_refuses_a_self_confirmed_translation(world, statements):
    english, _welsh = statements
    with pytest.raises(IntegrityError), transaction.atomic():
        Translation.objects.create(
            content_type=ContentType.objects.get_for_model(Statement),
            object_id=english.pk,
            field="text",
            language="cy",
            text=ENGLISH_IN_WELSH,
            status=Translation.Status.CONFIRMED,
            proposed_by=world.fran,
            reviewed_by=world.fran,
            reviewed_at=english.created_at,
        )


def test_rejected_goes_back_to_the_queue_and_a_new_proposal_replaces_it(world, tina, statements):
    _english, welsh = statements
    proposed = actions.do_propose_translation(tina, welsh, "text", "The last bus is early.")
    assert actions.do_reject_translation(world.fran, proposed).status == Translation.Status.REJECTED
    with pytest.raises(actions.NothingToReview):
        actions.do_confirm_translation(world.alice, proposed)
    again = actions.do_propose_translation(tina, welsh, "text", WELSH_IN_ENGLISH)
    assert again.pk == proposed.pk and again.status == Translation.Status.PROPOSED and again.reviewed_by is None
    actions.do_confirm_translation(world.alice, again)
    with pytest.raises(actions.AlreadyConfirmed):
        actions.do_propose_translation(tina, welsh, "text", "Something else")
    assert [e for e in AuditEvent.objects.order_by("pk").values_list("action", flat=True)] == [
        "translation.proposed",
        "translation.rejected",
        "translation.proposed",
        "translation.confirmed",
    ]


def test_a_translation_longer_than_the_statement_limit_is_refused(tina, statements):
    english, _welsh = statements
    with pytest.raises(actions.TranslationTooLong) as refused:
        actions.do_propose_translation(tina, english, "text", "a" * (STATEMENT_MAX_LENGTH + 1))
    assert (refused.value.limit, refused.value.length) == (STATEMENT_MAX_LENGTH, STATEMENT_MAX_LENGTH + 1)
    # Spaces are tidied first, as for the statement itself: exactly the limit once tidied is fine.
    assert actions.do_propose_translation(tina, english, "text", "  " + "b" * STATEMENT_MAX_LENGTH + "  ").pk
    with pytest.raises(actions.EmptyTranslation):
        actions.do_propose_translation(tina, english, "text", " \n ")


def test_a_hidden_or_pending_statement_is_not_translated(world, tina, statements):
    english, welsh = statements
    proposed = actions.do_propose_translation(tina, welsh, "text", WELSH_IN_ENGLISH)
    for status in (Statement.Status.HIDDEN, Statement.Status.PENDING):
        Statement.objects.filter(pk__in=[english.pk, welsh.pk]).update(status=status)
        before = (rows(), AuditEvent.objects.count())
        with pytest.raises(actions.NotTranslatable):
            actions.do_propose_translation(tina, Statement.objects.get(pk=english.pk), "text", ENGLISH_IN_WELSH)
        with pytest.raises(actions.NotTranslatable):
            actions.do_confirm_translation(world.fran, Translation.objects.get(pk=proposed.pk))
        assert (rows(), AuditEvent.objects.count()) == before


def test_into_the_language_it_is_written_in_is_refused(tina, statements):
    english, _welsh = statements
    with pytest.raises(actions.SameLanguage):
        actions.do_propose_translation(tina, english, "text", "Same words", language="en")


@pytest.mark.parametrize("persona", ["sam", "mo", "erin", "pat", "olly"])
def test_only_facilitators_admins_and_translators_translate(world, tina, statements, persona):
    english, welsh = statements
    proposed = actions.do_propose_translation(tina, welsh, "text", WELSH_IN_ENGLISH)
    before = rows()
    with pytest.raises(actions.NotAllowed):
        actions.do_propose_translation(getattr(world, persona), english, "text", ENGLISH_IN_WELSH)
    with pytest.raises(actions.NotAllowed):
        actions.do_confirm_translation(getattr(world, persona), proposed)
    assert rows() == before


def test_a_translator_whose_role_is_removed_can_no_longer_translate(world, tina, statements):
    english, welsh = statements
    actions.do_propose_translation(tina, english, "text", ENGLISH_IN_WELSH)
    Membership.objects.filter(user=tina, role=Role.TRANSLATOR).delete()
    tina = type(tina).objects.get(pk=tina.pk)  # roles are cached per request on the user object
    with pytest.raises(actions.NotAllowed):
        actions.do_propose_translation(tina, welsh, "text", WELSH_IN_ENGLISH)
    # An organisation-wide translator may translate in every engagement of the organisation.
    Membership.objects.create(user=tina, organisation=world.org, role=Role.TRANSLATOR)
    tina = type(tina).objects.get(pk=tina.pk)
    assert actions.do_propose_translation(tina, welsh, "text", WELSH_IN_ENGLISH).status == "proposed"


def test_staff_writing_both_languages_make_an_original_with_a_confirmed_translation(world):
    from coproduce.conversations.access import conversation_of

    conversation = conversation_of(world.public)
    statement = do_write_statement(
        conversation,
        "Letters should come in Welsh or English.",
        author=None,
        origin=Statement.Origin.SEED,
        actor=world.fran,
        language="en",
        translation="Dylai llythyrau ddod yn Gymraeg neu yn Saesneg.",
    )
    translation = Translation.objects.get(object_id=statement.pk)
    assert (statement.language, translation.language, translation.status, translation.by_author) == (
        "en",
        "cy",
        "confirmed",
        True,
    )
    # The duplicate check works across the languages once a translation is confirmed: the Welsh, written again.
    with pytest.raises(DuplicateStatement) as duplicate:
        do_write_statement(conversation, "dylai llythyrau ddod yn Gymraeg neu yn Saesneg", author=None)
    assert duplicate.value.existing == statement


def test_the_duplicate_check_uses_confirmed_translations_only(world, tina, statements):
    from coproduce.conversations.access import conversation_of

    _english, welsh = statements
    conversation = conversation_of(world.public)
    proposed = actions.do_propose_translation(tina, welsh, "text", WELSH_IN_ENGLISH)
    # Proposed only: another person may still write these words.
    with transaction.atomic():
        written = do_write_statement(conversation, WELSH_IN_ENGLISH, author=None)
        transaction.set_rollback(True)
    assert written.pk
    actions.do_confirm_translation(world.fran, proposed)
    with pytest.raises(DuplicateStatement) as duplicate:
        do_write_statement(conversation, WELSH_IN_ENGLISH.upper(), author=None)
    assert duplicate.value.existing == welsh


def test_a_confirmed_translation_is_corrected_by_one_person_and_confirmed_by_another(world, tina, statements):
    _english, welsh = statements
    first = actions.do_confirm_translation(
        world.fran, actions.do_propose_translation(tina, welsh, "text", "Bus early.")
    )
    correction = actions.do_propose_translation(tina, welsh, "text", WELSH_IN_ENGLISH, correcting=first.pk)
    # Until a second person confirms the correction, readers keep seeing the confirmed words.
    assert correction.pk != first.pk and confirmed_text(welsh, "text", "en") == "Bus early."
    with pytest.raises(actions.OwnTranslation):
        actions.do_confirm_translation(tina, correction)
    actions.do_confirm_translation(world.alice, correction)
    assert confirmed_text(Statement.objects.get(pk=welsh.pk), "text", "en") == WELSH_IN_ENGLISH
    first.refresh_from_db()
    assert first.status == Translation.Status.REPLACED and first.text == "Bus early."  # kept, as the history
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "details"))
    assert events[-2][0] == "translation.proposed" and events[-2][1]["corrects"] == first.pk
    assert events[-1][0] == "translation.confirmed" and events[-1][1]["replaces"] == first.pk


def test_a_correction_of_a_stale_or_unchanged_translation_is_refused(world, tina, statements):
    _english, welsh = statements
    first = actions.do_confirm_translation(
        world.fran, actions.do_propose_translation(tina, welsh, "text", "Bus early.")
    )
    with pytest.raises(actions.NoChange):
        actions.do_propose_translation(tina, welsh, "text", " Bus  early. ", correcting=first.pk)
    second = actions.do_confirm_translation(
        world.fran, actions.do_propose_translation(tina, welsh, "text", WELSH_IN_ENGLISH, correcting=first.pk)
    )
    with pytest.raises(actions.TranslationChanged):  # read before the first correction was confirmed
        actions.do_propose_translation(world.alice, welsh, "text", "The bus leaves early.", correcting=first.pk)
    assert Translation.objects.filter(status=Translation.Status.PROPOSED).count() == 0
    assert confirmed_text(Statement.objects.get(pk=welsh.pk), "text", "en") == second.text
