"""Propose, confirm and reject a translation: the only way translations change.

Each action checks the kind's rules (coproduce.translations.registry): the object may be translated now (a
hidden statement may not), the person may propose or review, the text fits the source field's length, and the
person who proposed a translation never confirms it. A refusal raises a typed error and saves nothing. The kind
writes the audit event, in its own scope.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from coproduce.translations.models import LANGUAGE_CODES, Translation, other_language
from coproduce.translations.registry import kind_of


class TranslationRefused(Exception):
    """Nothing was saved; subclasses say why."""


class NotTranslatable(TranslationRefused):
    """The object may not be translated now (a hidden or unchecked statement)."""


class NotAllowed(TranslationRefused):
    """This person may not propose, or may not review, translations of this object."""


class OwnTranslation(TranslationRefused):
    """The person who proposed a translation cannot confirm or reject it: a second person must."""


class NothingToReview(TranslationRefused):
    """The translation is no longer waiting for review (confirmed or rejected in the meantime)."""


class AlreadyConfirmed(TranslationRefused):
    """The text already has a confirmed translation into this language."""


class TranslationChanged(TranslationRefused):
    """The confirmed translation being corrected is no longer the one readers see (corrected in the meantime)."""


class NoChange(TranslationRefused):
    """A correction with the same words as the confirmed translation."""


class SameLanguage(TranslationRefused):
    """A translation into the language the text is written in."""


class EmptyTranslation(TranslationRefused):
    """No words, once spaces are tidied."""


class TranslationTooLong(TranslationRefused):
    def __init__(self, limit: int, length: int):
        super().__init__(f"{length} characters, more than {limit}")
        self.limit = limit
        self.length = length


def tidy(text: str) -> str:
    """One line, single spaces: as the statement itself is stored."""
    return " ".join(text.split())


def _checked_text(kind, field: str, text: str) -> str:
    text = tidy(text)
    if not text:
        raise EmptyTranslation
    limit = kind.max_length(field)
    if limit is not None and len(text) > limit:
        raise TranslationTooLong(limit, len(text))
    return text


def _target_language(kind, obj: Any, language: str | None) -> str:
    written_in = getattr(obj, kind.language_field)
    language = language or other_language(written_in)
    if language not in LANGUAGE_CODES:
        raise ValueError(f"no translations into {language!r}")
    if language == written_in:
        raise SameLanguage
    return language


def _rows(obj: Any, field: str, language: str):
    return Translation.objects.select_for_update().filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, field=field, language=language
    )


def _open_row(obj: Any, field: str, language: str) -> Translation | None:
    """The proposal waiting for review, or the last one rejected."""
    return _rows(obj, field, language).filter(status__in=OPEN).first()


def _confirmed_row(obj: Any, field: str, language: str) -> Translation | None:
    return _rows(obj, field, language).filter(status=Translation.Status.CONFIRMED).first()


OPEN = (Translation.Status.PROPOSED, Translation.Status.REJECTED)


@transaction.atomic
def do_propose_translation(
    actor, obj: Any, field: str, text: str, language: str | None = None, correcting: int | None = None
) -> Translation:
    """Propose a translation of `obj.field` (into the other language unless `language` says). A proposal waiting
    for review, or one rejected, is replaced by the new words. Where a confirmed translation exists, only a
    correction of it is proposed: `correcting` names the confirmed translation the person read (so that two
    people translating at once do not silently replace each other: AlreadyConfirmed, TranslationChanged)."""
    kind = kind_of(obj)
    if field not in kind.fields:
        raise ValueError(f"{kind.label}.{field} is not translatable")
    if not kind.may_propose(actor, obj):
        raise NotAllowed
    if not kind.may_translate(obj):
        raise NotTranslatable
    language = _target_language(kind, obj, language)
    text = _checked_text(kind, field, text)
    confirmed = _confirmed_row(obj, field, language)
    if confirmed is None and correcting is not None:
        raise TranslationChanged
    if confirmed is not None:
        if correcting is None:
            raise AlreadyConfirmed
        if confirmed.pk != correcting:
            raise TranslationChanged
        if confirmed.text == text:
            raise NoChange
    row = _open_row(obj, field, language)
    now = timezone.now()
    if row is None:
        row = Translation.objects.create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            field=field,
            language=language,
            text=text,
            proposed_by=actor,
            proposed_at=now,
        )
    else:
        row.text, row.status, row.proposed_by, row.proposed_at = text, Translation.Status.PROPOSED, actor, now
        row.reviewed_by, row.reviewed_at, row.by_author = None, None, False
        row.save()
    details = {"corrects": confirmed.pk} if confirmed is not None else {}
    kind.audit(actor, obj, "translation.proposed", translation=row.pk, language=language, **details)
    return row


def _review(actor, translation: Translation, status: str) -> Translation:
    obj = translation.source
    kind = kind_of(obj)
    if not kind.may_review(actor, obj):
        raise NotAllowed
    row = Translation.objects.select_for_update().get(pk=translation.pk)
    if row.status != Translation.Status.PROPOSED:
        raise NothingToReview
    if row.proposed_by_id is not None and row.proposed_by_id == actor.pk:
        raise OwnTranslation
    if status == Translation.Status.CONFIRMED and not kind.may_translate(obj):
        raise NotTranslatable
    details = {}
    if status == Translation.Status.CONFIRMED:
        # A correction: the translation readers saw until now is kept, as the history, and no longer shown.
        replaced = _confirmed_row(obj, row.field, row.language)
        if replaced is not None:
            replaced.status = Translation.Status.REPLACED
            replaced.save(update_fields=["status"])
            details["replaces"] = replaced.pk
    row.status, row.reviewed_by, row.reviewed_at = status, actor, timezone.now()
    row.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    event = "translation.confirmed" if status == Translation.Status.CONFIRMED else "translation.rejected"
    kind.audit(actor, obj, event, translation=row.pk, language=row.language, **details)
    return row


@transaction.atomic
def do_confirm_translation(actor, translation: Translation) -> Translation:
    """A second person confirms a proposed translation: readers of its language see it from now on."""
    return _review(actor, translation, Translation.Status.CONFIRMED)


@transaction.atomic
def do_reject_translation(actor, translation: Translation) -> Translation:
    """A second person rejects a proposed translation: it goes back to the queue for a new one."""
    return _review(actor, translation, Translation.Status.REJECTED)


def do_add_authors_translation(actor, obj: Any, field: str, text: str, language: str) -> Translation:
    """The other language of a text its author wrote in both (staff entering a seed statement in English and
    Welsh): confirmed at once, marked by_author. Called inside the action that creates `obj`, which checked who
    may write it and writes the audit event."""
    kind = kind_of(obj)
    language = _target_language(kind, obj, language)
    text = _checked_text(kind, field, text)
    now = timezone.now()
    return Translation.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        field=field,
        language=language,
        text=text,
        status=Translation.Status.CONFIRMED,
        by_author=True,
        proposed_by=actor if actor is not None and actor.is_authenticated else None,
        proposed_at=now,
        reviewed_by=actor if actor is not None and actor.is_authenticated else None,
        reviewed_at=now,
    )
