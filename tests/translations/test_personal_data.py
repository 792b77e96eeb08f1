"""The translations a person proposed are theirs: exported with their data; erasure keeps the words (readers rely
on them) and drops the link to the person."""

from __future__ import annotations

from coproduce.accounts.personal_data import Person
from coproduce.engagements.actions import do_erase_personal_data, do_export_personal_data
from coproduce.translations import actions
from coproduce.translations.models import Translation

from .conftest import WELSH_IN_ENGLISH


def test_exported_then_unlinked_on_erasure(world, tina, statements):
    _english, welsh = statements
    actions.do_confirm_translation(world.fran, actions.do_propose_translation(tina, welsh, "text", WELSH_IN_ENGLISH))
    exported = do_export_personal_data(Person.of_user(tina))["translations"]["translations_proposed"]
    assert [(t["of"], t["id"], t["language"], t["text"], t["status"]) for t in exported] == [
        ("conversations.statement", welsh.pk, "en", WELSH_IN_ENGLISH, "confirmed")
    ]
    assert do_export_personal_data(Person.of_user(world.fran))["translations"] == {"translations_proposed": []}
    do_erase_personal_data(tina, Person.of_user(tina))
    row = Translation.objects.get()
    assert (row.text, row.status, row.proposed_by_id, row.reviewed_by_id) == (
        WELSH_IN_ENGLISH,
        "confirmed",
        None,
        world.fran.pk,
    )
