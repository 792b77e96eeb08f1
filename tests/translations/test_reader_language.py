"""Statements in the reader's language: the confirmed translation with its `lang`, "Translated from …" and the
original one click away (no JavaScript); else the words as written, marked with their own `lang`."""

from __future__ import annotations

import re

from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from coproduce.conversations.models import Statement
from coproduce.translations import actions
from tests.conversations.conftest import client_of

from .conftest import ENGLISH, ENGLISH_IN_WELSH, WELSH, WELSH_IN_ENGLISH

TAG = Template('{% load translations %}{% in_reader_language statement "text" element="p" css="s" %}')


def render(statement: Statement, language: str) -> str:
    with translation.override(language):
        return TAG.render(Context({"statement": Statement.objects.get(pk=statement.pk)}))


def confirm(world, tina, statement: Statement, text: str) -> None:
    actions.do_confirm_translation(world.fran, actions.do_propose_translation(tina, statement, "text", text))


def test_untranslated_words_keep_their_own_lang(statements):
    english, welsh = statements
    assert render(welsh, "en").strip() == f'<p lang="cy" class="s">{WELSH}</p>'
    assert render(english, "cy").strip() == f'<p lang="en" class="s">{ENGLISH}</p>'
    assert "<details" not in render(welsh, "en") + render(english, "cy")


def test_a_confirmed_translation_in_the_readers_language_with_the_original_beside_it(world, tina, statements):
    english, welsh = statements
    confirm(world, tina, welsh, WELSH_IN_ENGLISH)
    html = render(welsh, "en")
    assert html.startswith(f'<p lang="en" class="s">{WELSH_IN_ENGLISH}</p>')
    assert re.search(
        rf'<details class="details translated-original"><summary>Translated from Welsh: see the original</summary>'
        rf'<p lang="cy">{re.escape(WELSH)}</p></details>',
        html,
    )
    # A Welsh reader reads the Welsh original, as written.
    assert render(welsh, "cy").strip() == f'<p lang="cy" class="s">{WELSH}</p>'
    confirm(world, tina, english, ENGLISH_IN_WELSH)
    html = render(english, "cy")
    assert html.startswith(f'<p lang="cy" class="s">{ENGLISH_IN_WELSH}</p>')
    with translation.override("cy"):
        said = translation.gettext("Translated from English: see the original")
    assert said != "Translated from English: see the original" and said in html
    assert f'<p lang="en">{ENGLISH}</p>' in html


def test_a_proposed_translation_is_not_shown(world, tina, statements):
    _english, welsh = statements
    actions.do_propose_translation(tina, welsh, "text", WELSH_IN_ENGLISH)
    assert WELSH_IN_ENGLISH not in render(welsh, "en")


def test_the_statement_and_vote_pages_show_the_readers_language(world, tina, statements, voter):
    english, welsh = statements
    confirm(world, tina, welsh, WELSH_IN_ENGLISH)
    Statement.objects.filter(pk=english.pk).update(status=Statement.Status.HIDDEN)  # the vote page shows the Welsh one
    browser = client_of(voter())
    page = browser.get(reverse("conversations:statement", args=["outpatients", welsh.pk])).content.decode()
    assert f'<p lang="en" class="vote-card__statement">{WELSH_IN_ENGLISH}</p>' in page
    assert f'<p lang="cy">{WELSH}</p>' in page
    vote = browser.get(reverse("conversations:vote_page", args=["outpatients"])).content.decode()
    assert f'<p lang="en" class="vote-card__statement" id="statement-text">{WELSH_IN_ENGLISH}</p>' in vote
    # In Welsh, the same statement is the original.
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    vote = browser.get(reverse("conversations:vote_page", args=["outpatients"])).content.decode()
    assert f'<p lang="cy" class="vote-card__statement" id="statement-text">{WELSH}</p>' in vote
    # The vote counts for the statement, whichever language it was read in.
    browser.post(reverse("conversations:vote", args=["outpatients"]), {"statement": welsh.pk, "value": "1"})
    assert welsh.votes.count() == 1
