"""The translation queue: published statements without a confirmed translation, filtered by language, paginated;
the original beside the box for its translation; a second person confirms."""

from __future__ import annotations

from django.urls import reverse

from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Statement
from coproduce.conversations.translation_staff import PER_PAGE
from coproduce.translations import actions
from tests.conversations.conftest import add_statements

from .conftest import ENGLISH, ENGLISH_IN_WELSH, WELSH, WELSH_IN_ENGLISH

QUEUE = reverse("statement_translations:queue", args=["outpatients"])


def test_the_queue_lists_what_still_needs_a_translation(client, world, tina, statements):
    english, welsh = statements
    actions.do_confirm_translation(world.fran, actions.do_propose_translation(tina, english, "text", ENGLISH_IN_WELSH))
    (hidden,) = add_statements(conversation_of(world.public), ["A hidden statement about parking."])
    Statement.objects.filter(pk=hidden.pk).update(status=Statement.Status.HIDDEN)
    client.force_login(tina)
    page = client.get(QUEUE).content.decode()
    assert f'<td class="statement-cell" lang="cy">{WELSH}</td>' in page
    assert ENGLISH not in page and "A hidden statement" not in page
    assert WELSH not in client.get(QUEUE + "?language=en").content.decode()
    assert WELSH in client.get(QUEUE + "?language=cy").content.decode()


def test_the_queue_is_paginated(client, world, tina):
    add_statements(conversation_of(world.public), [f"Statement number {n} about clinics." for n in range(PER_PAGE + 3)])
    client.force_login(tina)
    first = client.get(QUEUE).content.decode()
    second = client.get(QUEUE + "?page=2").content.decode()
    assert "Statement number 0 about" in first and f"Statement number {PER_PAGE} about" not in first
    assert f"Statement number {PER_PAGE} about" in second and 'rel="prev"' in second


def test_propose_then_a_second_person_confirms_through_the_pages(client, world, tina, statements):
    _english, welsh = statements
    url = reverse("statement_translations:translate", args=["outpatients", welsh.pk])
    client.force_login(tina)
    page = client.get(url).content.decode()
    assert f'<p class="vote-card__statement" lang="cy">{WELSH}</p>' in page  # the original, beside the box
    assert 'lang="en"' in page and "<textarea" in page  # the box is marked with the language written in it
    assert client.post(url, {"text": WELSH_IN_ENGLISH}).status_code == 302
    assert "Confirm the translation" not in client.get(url).content.decode()  # not to the proposer
    client.force_login(world.fran)
    assert "Confirm the translation" in client.get(url).content.decode()
    review = reverse("statement_translations:review", args=["outpatients", welsh.pk])
    assert client.post(review, {"decision": "confirm"}).status_code == 302
    assert WELSH not in client.get(QUEUE).content.decode()  # translated: off the queue


def test_a_confirmed_translation_is_corrected_through_the_pages(client, world, tina, statements):
    _english, welsh = statements
    first = actions.do_confirm_translation(
        world.fran, actions.do_propose_translation(tina, welsh, "text", "Bus early.")
    )
    url = reverse("statement_translations:translate", args=["outpatients", welsh.pk])
    client.force_login(tina)
    confirmed = client.get(QUEUE + "?show=confirmed").content.decode()
    assert WELSH in confirmed and '<span lang="en">Bus early.</span>' in confirmed
    page = client.get(url).content.decode()
    assert "Correct the translation" in page and f'name="correcting" value="{first.pk}"' in page
    assert client.post(url, {"text": WELSH_IN_ENGLISH, "correcting": first.pk}).status_code == 302
    assert "Correction to check" in client.get(QUEUE).content.decode()  # back on the queue, for a second person
    client.force_login(world.fran)
    review = reverse("statement_translations:review", args=["outpatients", welsh.pk])
    assert client.post(review, {"decision": "confirm"}).status_code == 302
    assert WELSH not in client.get(QUEUE).content.decode()
    assert WELSH_IN_ENGLISH in client.get(QUEUE + "?show=confirmed").content.decode()


def test_a_correction_that_changes_nothing_says_so_and_saves_nothing(client, world, tina, statements):
    _english, welsh = statements
    first = actions.do_confirm_translation(
        world.fran, actions.do_propose_translation(tina, welsh, "text", "Bus early.")
    )
    url = reverse("statement_translations:translate", args=["outpatients", welsh.pk])
    client.force_login(tina)
    response = client.post(url, {"text": "Bus early.", "correcting": first.pk})
    assert response.status_code == 200 and "The correction is the same as the confirmed translation" in (
        response.content.decode()
    )
    assert first.__class__.objects.count() == 1
