"""Statements as a kind of translatable text (coproduce.translations.registry): when and by whom."""

from __future__ import annotations

from coproduce.conversations.models import Statement
from coproduce.engagements.actions import audit
from coproduce.translations.registry import Kind


def _engagement(statement: Statement):
    return statement.conversation.engagement


def may_translate(statement: Statement) -> bool:
    # Published only: a hidden statement's words are not shown to anyone, and one waiting for moderation may be.
    return statement.status == Statement.Status.PUBLISHED


def may_translate_as(user, statement: Statement) -> bool:
    return user is not None and user.has_perm("conversations.translate", _engagement(statement))


def audit_translation(actor, statement: Statement, event: str, **ids) -> None:
    engagement = _engagement(statement)
    audit(actor, engagement.organisation, event, engagement, statement=statement.pk, **ids)


STATEMENTS = Kind(
    model=Statement,
    fields=("text",),
    may_translate=may_translate,
    may_propose=may_translate_as,
    may_review=may_translate_as,
    audit=audit_translation,
)
