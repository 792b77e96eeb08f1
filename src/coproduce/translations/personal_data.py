"""Translations' part of a person's data: the translations they proposed.

Erasure keeps the words (readers rely on a confirmed translation, and it says nothing about its translator) and
drops the link to the person. Registered in TranslationsConfig.ready().
"""

from __future__ import annotations

from typing import Any

from coproduce.accounts.personal_data import Person, iso
from coproduce.translations.models import Translation


def export(person: Person) -> dict[str, Any]:
    if person.user_id is None:
        return {}
    rows = Translation.objects.filter(proposed_by_id=person.user_id).select_related("content_type")
    return {
        "translations_proposed": [
            {
                "of": f"{row.content_type.app_label}.{row.content_type.model}",
                "id": row.object_id,
                "field": row.field,
                "language": row.language,
                "text": row.text,
                "status": row.status,
                "proposed_at": iso(row.proposed_at),
            }
            for row in rows.order_by("proposed_at", "pk")
        ]
    }


def erase(actor, person: Person) -> dict[str, int]:
    if person.user_id is None:
        return {"translations_unlinked": 0}
    unlinked = Translation.objects.filter(proposed_by_id=person.user_id).update(proposed_by=None)
    return {"translations_unlinked": unlinked}
