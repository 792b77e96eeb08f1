"""What may be translated, when, and by whom: each app that keeps participants' words registers a kind.

The apps that use translations sit above this one (statements in conversations; comments and offers later), so
this app knows them only through what they register in their AppConfig.ready()::

    from coproduce.translations.registry import Kind, register
    register(Kind(Statement, fields=("text",), may_translate=..., may_propose=..., may_review=..., audit=...))

- ``may_translate(obj)``: whether the object may be translated now (a statement: published; a hidden one not).
- ``may_propose(user, obj)`` and ``may_review(user, obj)``: who may propose and who may confirm or reject (the
  actions add the rule that the proposer never confirms their own translation).
- ``audit(actor, obj, event, **ids)``: write the audit event of a proposal, confirmation or rejection, in the
  app's own scope (an engagement's organisation), since this app is below the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Kind:
    model: Any  # a Django model class (Any: Django ships no types here)
    fields: tuple[str, ...]
    may_translate: Callable[[Any], bool]
    may_propose: Callable[[Any, Any], bool]
    may_review: Callable[[Any, Any], bool]
    audit: Callable[..., None]
    language_field: str = "language"

    @property
    def label(self) -> str:
        return str(self.model._meta.label_lower)

    def max_length(self, field: str) -> int | None:
        return self.model._meta.get_field(field).max_length


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    existing = _kinds.get(kind.label)
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(f"{kind.label} is registered twice for translation")
    _kinds[kind.label] = kind


def kind_of(obj: Any) -> Kind:
    label = obj._meta.label_lower
    if label not in _kinds:
        raise ImproperlyConfigured(f"{label} is not registered for translation (coproduce.translations.registry)")
    return _kinds[label]
