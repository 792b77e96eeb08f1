"""Texts whose language is not stored (comments, listening notes and challenges, feedback): `written_lang` marks
them with the language of their words when it is not the page's, and says nothing when the words do not tell."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

TAG = Template("{% load translations %}<p{{ text|written_lang }}>{{ text }}</p>")
ENGLISH = "Appointment letters should say clearly how long I will be at the clinic."
WELSH = "Dylai llythyrau apwyntiad ddweud yn glir pa mor hir y byddaf yn y clinig."


def render(text: str, language: str) -> str:
    with translation.override(language):
        return TAG.render(Context({"text": text}))


@pytest.mark.parametrize(
    ("text", "page", "expected"),
    [
        (ENGLISH, "cy", f'<p lang="en">{ENGLISH}</p>'),
        (WELSH, "en", f'<p lang="cy">{WELSH}</p>'),
        (ENGLISH, "en", f"<p>{ENGLISH}</p>"),  # the page's own language: nothing to say
        (WELSH, "cy", f"<p>{WELSH}</p>"),
        ("OK", "cy", "<p>OK</p>"),  # too short to tell: no language claimed
        ("", "cy", "<p></p>"),
    ],
)
def test_the_language_of_the_words_when_it_is_not_the_pages(text, page, expected):
    assert render(text, page) == expected
