"""The data step of registering a model's texts with modeltranslation, shared by the apps' migrations.

Every text written so far stays, as the English version (the default language): the new `_en` column gets the
original column's value, and `_cy` starts empty (NULL: missing). modeltranslation keeps the original column; going
back copies the English (else the Welsh) into it, so that nothing written since is lost either.

It is its own migration, after the one that adds the columns, and never in the same one: going back updates each
row more than once, and PostgreSQL refuses to drop a column in a transaction that still has the foreign-key checks
of those updates pending ("cannot ALTER TABLE ... because it has pending trigger events").
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.models import F, Q


def _blank(column: str) -> Q:
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


def texts_become_english(app_label: str, translated: dict[str, tuple[str, ...]]) -> migrations.RunPython:
    """The operation: for each model name, its translated fields."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        for model_name, fields in translated.items():
            model = apps.get_model(app_label, model_name)
            for field in fields:
                model.objects.filter(_blank(f"{field}_en")).update(**{f"{field}_en": F(field)})

    def backwards(apps: Any, schema_editor: Any) -> None:
        for model_name, fields in translated.items():
            model = apps.get_model(app_label, model_name)
            for field in fields:
                model.objects.filter(_blank(f"{field}_en"), ~_blank(f"{field}_cy")).update(**{field: F(f"{field}_cy")})
                model.objects.exclude(_blank(f"{field}_en")).update(**{field: F(f"{field}_en")})

    return migrations.RunPython(forwards, backwards)
