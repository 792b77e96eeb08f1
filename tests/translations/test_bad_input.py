"""Bad input on the translation pages: a clear message in the person's language, and nothing saved."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from coproduce.conversations.models import STATEMENT_MAX_LENGTH, Statement
from coproduce.engagements.models import AuditEvent
from coproduce.translations import actions
from coproduce.translations.models import Translation

from .conftest import ENGLISH_IN_WELSH, WELSH_IN_ENGLISH


def in_language(language: str, msgid: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


def everything() -> tuple:
    return (list(Translation.objects.values_list("pk", "text", "status", "reviewed_by_id")), AuditEvent.objects.count())


@pytest.fixture(params=["en", "cy"])
def speaking(request, client, tina):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = request.param
    client.force_login(tina)
    client.language = request.param
    return client


def test_the_messages_are_in_welsh():
    for msgid in (
        "The translation must be %(max)d characters or fewer. It has %(count)d.",
        "This statement is hidden or not yet published, so it cannot be translated. Nothing was saved.",
        "You proposed this translation, so another person must confirm it. Nothing was changed.",
    ):
        assert in_language("cy", msgid) != msgid, msgid


def test_too_long_is_refused_with_the_limit_and_the_length(speaking, statements):
    english, _welsh = statements
    before = everything()
    response = speaking.post(
        reverse("statement_translations:translate", args=["outpatients", english.pk]),
        {"text": "a" * (STATEMENT_MAX_LENGTH + 5)},
    )
    assert response.status_code == 200
    expected = in_language(speaking.language, "The translation must be %(max)d characters or fewer. It has %(count)d.")
    assert expected % {"max": STATEMENT_MAX_LENGTH, "count": STATEMENT_MAX_LENGTH + 5} in response.content.decode()
    assert "error-summary" in response.content.decode()
    assert everything() == before


def test_empty_is_refused(speaking, statements):
    english, _welsh = statements
    before = everything()
    response = speaking.post(
        reverse("statement_translations:translate", args=["outpatients", english.pk]), {"text": "   "}
    )
    assert in_language(speaking.language, "Enter the translation") in response.content.decode()
    assert everything() == before


def test_a_hidden_statement_is_refused(speaking, statements):
    english, _welsh = statements
    Statement.objects.filter(pk=english.pk).update(status=Statement.Status.HIDDEN)
    before = everything()
    url = reverse("statement_translations:translate", args=["outpatients", english.pk])
    response = speaking.post(url, {"text": ENGLISH_IN_WELSH}, follow=True)
    message = in_language(
        speaking.language,
        "This statement is hidden or not yet published, so it cannot be translated. Nothing was saved.",
    )
    assert message in response.content.decode()
    assert everything() == before
    assert message in speaking.get(url, follow=True).content.decode()  # the page says it too, with no form


def test_confirming_your_own_translation_is_refused(speaking, tina, statements):
    _english, welsh = statements
    actions.do_propose_translation(tina, welsh, "text", WELSH_IN_ENGLISH)
    before = everything()
    response = speaking.post(
        reverse("statement_translations:review", args=["outpatients", welsh.pk]), {"decision": "confirm"}, follow=True
    )
    message = in_language(
        speaking.language, "You proposed this translation, so another person must confirm it. Nothing was changed."
    )
    assert message in response.content.decode()
    assert everything() == before
