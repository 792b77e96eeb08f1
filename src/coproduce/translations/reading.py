"""Reading translations: fetch the confirmed ones for a list in one query, and choose what a reader sees."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import get_language

from coproduce.translations.models import LANGUAGE_CODES, Translation
from coproduce.translations.registry import kind_of

CACHE = "_confirmed_translations"
ANNOTATION = "confirmed_translation__{field}__{language}"


def with_translations(queryset: QuerySet, fields: tuple[str, ...] = ("text",)) -> QuerySet:
    """The queryset with each confirmed translation as a column (a subquery per field and language): the objects
    come with their translations in the same query, for pages that count every query (the vote page)."""
    meta = queryset.model._meta
    annotations = {
        ANNOTATION.format(field=field, language=language): Subquery(
            Translation.objects.filter(
                content_type__app_label=meta.app_label,
                content_type__model=meta.model_name,
                object_id=OuterRef("pk"),
                field=field,
                language=language,
                status=Translation.Status.CONFIRMED,
            ).values("text")[:1]
        )
        for field in fields
        for language in LANGUAGE_CODES
    }
    return queryset.annotate(**annotations)


def _from_annotations(obj: Any) -> dict[tuple[str, str], str] | None:
    found: dict[tuple[str, str], str] = {}
    annotated = False
    for field in kind_of(obj).fields:
        for language in LANGUAGE_CODES:
            name = ANNOTATION.format(field=field, language=language)
            if name in obj.__dict__:
                annotated = True
                if obj.__dict__[name] is not None:
                    found[(field, language)] = obj.__dict__[name]
    return found if annotated else None


def prefetch_translations(objects: Iterable[Any]) -> list[Any]:
    """Attach every confirmed translation to each object: one query per model, whatever the number of objects.

    Returns the objects as a list. Objects may be of several models (each registered with the registry)."""
    objects = [obj for obj in objects if obj is not None]
    by_model: dict[type, list[Any]] = defaultdict(list)
    for obj in objects:
        setattr(obj, CACHE, {})
        by_model[type(obj)].append(obj)
    for model, group in by_model.items():
        of = {obj.pk: obj for obj in group}
        rows = Translation.objects.filter(
            content_type=ContentType.objects.get_for_model(model),  # cached by Django after the first call
            object_id__in=list(of),
            status=Translation.Status.CONFIRMED,
        ).values_list("object_id", "field", "language", "text")
        for object_id, field, language, text in rows:
            getattr(of[object_id], CACHE)[(field, language)] = text
    return objects


def confirmed_translations(obj: Any) -> dict[tuple[str, str], str]:
    """{(field, language): text} of the object's confirmed translations (no query once prefetched)."""
    if getattr(obj, CACHE, None) is None:
        annotated = _from_annotations(obj)
        if annotated is not None:
            setattr(obj, CACHE, annotated)
        else:
            prefetch_translations([obj])
    return getattr(obj, CACHE)


def confirmed_text(obj: Any, field: str, language: str) -> str | None:
    return confirmed_translations(obj).get((field, language))


@dataclass(frozen=True)
class Shown:
    """What a reader sees of one text: `text` in `language`; when it is a translation, the original beside it."""

    text: str
    language: str
    original: str
    original_language: str

    @property
    def translated(self) -> bool:
        return self.language != self.original_language


def shown(obj: Any, field: str = "text", reader_language: str | None = None) -> Shown:
    """The text in the reader's language when a confirmed translation exists, else as written."""
    reader = (reader_language or get_language() or "en")[:2]
    original = getattr(obj, field)
    written_in = getattr(obj, kind_of(obj).language_field)
    if reader != written_in:
        translation = confirmed_text(obj, field, reader)
        if translation is not None:
            return Shown(translation, reader, original, written_in)
    return Shown(original, written_in, original, written_in)


def versions(obj: Any, field: str = "text") -> dict[str, str | None]:
    """{language: text} for every language: the original in its own, confirmed translations in theirs, None where
    there is none yet (the API's and the open data's `text_en`, `text_cy`)."""
    written_in = getattr(obj, kind_of(obj).language_field)
    return {
        language: getattr(obj, field) if language == written_in else confirmed_text(obj, field, language)
        for language in LANGUAGE_CODES
    }
