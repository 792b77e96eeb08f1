"""Texts staff and organisations write, in English and Welsh: one mechanism for all of them.

Every such field is registered with django-modeltranslation in its app's `translation.py`, which adds a column per
language (`title_en`, `title_cy`) and makes `obj.title` read the reader's language, falling back to the other one
(settings.MODELTRANSLATION_FALLBACK_LANGUAGES). This module adds what modeltranslation does not:

- which language a value was actually read in (`resolve`), so that a page can mark a fallback with `lang`
  (WCAG 3.1.2: a screen reader then reads it with the right voice);
- what an action stores (`columns`): a `Texts` mapping gives every language its value; a plain string is the
  text in the language of the request and clears the others, which no longer say the same thing;
- what is missing: an item whose field has a text in one language and not in the other (`missing`, and `missing_q`
  for the same question asked in SQL, set-based).

A field empty in both languages is not missing: it is an optional field nobody used.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from functools import reduce
from typing import Any

from django.conf import settings
from django.db.models import Model, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator

#: The languages every translated field has, in the order forms show them (English | Cymraeg).
LANGUAGES: tuple[str, ...] = tuple(settings.MODELTRANSLATION_LANGUAGES)
#: Each language's name in itself: the label of its input, read in its own voice.
NATIVE_NAMES: dict[str, str] = {"en": "English", "cy": "Cymraeg"}

#: A text in each language, as forms give it to actions: {"en": "…", "cy": "…"} (a language may be missing).
Texts = Mapping[str, str]


def current_language() -> str:
    """The reader's language, as one of LANGUAGES."""
    code = (translation.get_language() or settings.MODELTRANSLATION_DEFAULT_LANGUAGE).split("-")[0]
    return code if code in LANGUAGES else str(settings.MODELTRANSLATION_DEFAULT_LANGUAGE)


def _fallbacks(language: str) -> list[str]:
    chain = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    order = [language, *chain.get(language, chain.get("default", ()))]
    return [code for i, code in enumerate(order) if code in LANGUAGES and code not in order[:i]]


def reading_order(language: str | None = None) -> list[str]:
    """The languages `resolve` tries, in order, for a reader of `language` (the request's by default): for code that
    picks a text from many rows' values at once."""
    return _fallbacks(language or current_language())


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def resolve(obj: Model, field: str, language: str | None = None) -> tuple[str, str]:
    """The field's text for a reader of `language` (the request's by default) and the language it is in.

    The reader's own language when it has a text there, else the first fallback that has one; ("", language) when
    no language has one. Reads only attributes already loaded: no query.
    """
    language = language or current_language()
    for code in _fallbacks(language):
        value = _text(getattr(obj, f"{field}_{code}", None))
        if value.strip():
            return value, code
    return "", language


def texts(obj: Model, field: str) -> dict[str, str]:
    """The field in every language ("" where there is none): the initial data of a side-by-side form."""
    return {code: _text(getattr(obj, f"{field}_{code}", None)) for code in LANGUAGES}


def columns(field: str, value: str | Texts) -> dict[str, str | None]:
    """The columns an action writes for one translated field.

    A `Texts` mapping sets each language (a blank one to NULL: missing, and never a clash with a unique constraint
    on another row's blank). A plain string is the text in the request's language, and the other languages are
    cleared: a participant who amends their proposal in English makes the earlier Welsh out of date.
    """
    given = value if isinstance(value, Mapping) else {current_language(): value}
    return {f"{field}_{code}": (given.get(code) or "").strip() or None for code in LANGUAGES}


def columns_of(**fields: str | Texts) -> dict[str, str | None]:
    """`columns` for several fields at once: `Model.objects.create(**columns_of(title=…, body=…), …)`."""
    return {name: text for field, value in fields.items() for name, text in columns(field, value).items()}


def assign(obj: Model, field: str, value: str | Texts) -> list[str]:
    """Set the field's columns on an object (see `columns`); the column names, for save(update_fields=…)."""
    values = columns(field, value)
    for name, text in values.items():
        setattr(obj, name, text)
    return list(values)


def update(obj: Model, **fields: str | Texts) -> tuple[list[str], list[str]]:
    """Set several fields' columns on an object (an edit): the columns, for save(update_fields=…), and the
    languages whose text changed, for the audit event."""
    names, changed = [], set()
    for field, value in fields.items():
        for name, text in columns(field, value).items():
            if (getattr(obj, name, None) or None) != text:
                changed.add(name.rsplit("_", 1)[1])
            setattr(obj, name, text)
            names.append(name)
    return names, sorted(changed)


def has_text(value: str | Texts) -> bool:
    """Whether there is a text in at least one language (a required field needs one)."""
    if isinstance(value, Mapping):
        return any((text or "").strip() for text in value.values())
    return bool(value.strip())


def translated_fields(model: type[Model]) -> tuple[str, ...]:
    """The model's fields registered with modeltranslation; () for a model that has none."""
    try:
        return tuple(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return ()


def missing(obj: Model, fields: Iterable[str] | None = None, languages: Iterable[str] = LANGUAGES) -> list[str]:
    """The languages (of `languages`) in which some field of the object has no text while another language has one."""
    names = tuple(fields) if fields is not None else translated_fields(type(obj))
    gaps = []
    for code in languages:
        for name in names:
            values = texts(obj, name)
            if not values[code].strip() and any(text.strip() for text in values.values()):
                gaps.append(code)
                break
    return gaps


def _blank(column: str) -> Q:
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


def missing_q(model: type[Model], language: str, fields: Iterable[str] | None = None, prefix: str = "") -> Q:
    """`missing` as a filter: rows where some field has no text in `language` and has one in another language.

    `prefix` ("proposal__") asks it of a related model. Blank-but-for-spaces texts count as texts here (the forms
    and actions strip them, so none are stored).
    """
    names = tuple(fields) if fields is not None else translated_fields(model)
    if not names:
        return Q(pk__in=[])  # nothing translated: nothing can be missing
    others = [code for code in LANGUAGES if code != language]
    return reduce(
        operator.or_,
        (
            _blank(f"{prefix}{name}_{language}")
            & reduce(operator.or_, (~_blank(f"{prefix}{name}_{code}") for code in others))
            for name in names
        ),
    )


#: The tag an item of a staff list gets for each language it is missing.
MISSING_LABELS = {"en": _("English missing"), "cy": _("Welsh missing")}
