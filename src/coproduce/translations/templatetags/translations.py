"""Participants' words in the reader's language: {% load translations %}.

    {% in_reader_language statement "text" element="p" css="vote-card__statement" id="statement-text" %}

renders the confirmed translation into the page's language, marked with its `lang`, then "Translated from
Welsh: see the original" as a <details> holding the original (no JavaScript needed); or, with no confirmed
translation, the words as written with their own `lang`, so that a screen reader pronounces them in the right
language (WCAG 3.1.2). `inline_in_reader_language` gives the text alone in a <span lang> for phrasing contexts
(a legend, a link). Lists prefetch with coproduce.translations.reading.prefetch_translations first.

Texts whose language is not stored (comments, listening notes and challenges, feedback) get theirs from their
words: `<p{{ comment.text|written_lang }}>{{ comment.text }}</p>`.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import truncatechars
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from coproduce.translations.detect import detect_language
from coproduce.translations.reading import shown

register = template.Library()

# The elements the text may be wrapped in: chosen by templates, never by data, but checked all the same.
ELEMENTS = frozenset({"p", "div", "span"})


@register.simple_tag
def in_reader_language(obj: Any, field: str = "text", element: str = "p", css: str = "", id: str = "") -> SafeString:
    if element not in ELEMENTS:
        raise template.TemplateSyntaxError(f"in_reader_language: element must be one of {sorted(ELEMENTS)}")
    return render_to_string(
        "translations/_text.html", {"shown": shown(obj, field), "element": element, "css": css, "id": id}
    )


@register.simple_tag
def inline_in_reader_language(obj: Any, field: str = "text", truncate: int = 0) -> SafeString:
    text = shown(obj, field)
    return format_html(
        '<span lang="{}">{}</span>', text.language, truncatechars(text.text, truncate) if truncate else text.text
    )


@register.filter
def written_lang(text: Any) -> SafeString:
    """` lang="en"` for an element holding a text whose language is not stored (a comment, listening notes): the
    language its words are in, when it is not the page's; nothing when it is, or when the words do not say clearly
    (a name, "OK"), so a page never claims a language it cannot tell (WCAG 3.1.2)."""
    page = (get_language() or "en")[:2]
    if not text:
        return SafeString("")
    language = detect_language(str(text), default=page)
    return SafeString("") if language == page else format_html(' lang="{}"', language)
