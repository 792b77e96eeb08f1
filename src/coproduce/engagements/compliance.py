"""The Welsh Language Standards, checked: every item staff wrote in one language and not the other, per engagement
or organisation, grouped by kind, with a link to fix each; and the counts on the staff dashboard.

What counts is what the engagement offers (`Engagement.languages`): an English-only engagement is not missing its
Welsh. Every app adds its kinds of content to engagements.registry.translated_content; one query per kind, whatever
the number of items or engagements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from coproduce.core.bilingual import LANGUAGES, missing, missing_q
from coproduce.engagements.models import Engagement
from coproduce.engagements.registry import TranslatedContent, organisation_content, translated_content


@dataclass
class Gap:
    """One item missing a language: what it is, where it belongs, which languages it lacks, where to fix it."""

    item: Any
    engagement: Engagement
    named_by: Any  # the object whose field names the item (shown in the reader's language, marked when it is not)
    name_field: str
    languages: list[str]
    url: str
    where: Any = ""  # for an item of the organisation (engagement None): where it belongs


@dataclass
class Kind:
    label: Any
    gaps: list[Gap] = field(default_factory=list)


def _lookup(kind: TranslatedContent, name: str) -> str:
    return f"{kind.engagement}__{name}" if kind.engagement else name


def _offered_and_missing(kind: TranslatedContent, language: str) -> Q:
    prefix = f"{kind.engagement}__" if kind.engagement else ""
    return Q(**{f"{prefix}languages__contains": language}) & missing_q(kind.model, language, kind.fields)


def _rows(kind: TranslatedContent, engagements: Iterable[int]):
    rows = kind.model._default_manager.filter(**{_lookup(kind, "pk__in"): list(engagements)})
    return kind.only(rows) if kind.only else rows


def _follow(obj: Any, path: str) -> Any:
    for step in filter(None, path.split("__")):
        obj = getattr(obj, step)
    return obj


def gaps(engagement_ids: Iterable[int]) -> list[Kind]:
    """Every item of these engagements missing a language they offer, grouped by kind (kinds with none left out)."""
    ids = list(engagement_ids)
    kinds = []
    for kind in translated_content:
        related = [path for path in (kind.engagement, kind.name[0]) if path]
        rows = _rows(kind, ids).filter(_offered_and_missing(kind, "en") | _offered_and_missing(kind, "cy"))
        if related:
            rows = rows.select_related(*related)
        found = Kind(kind.label)
        for item in rows.order_by("pk"):
            engagement = _follow(item, kind.engagement)
            offered = [code for code in LANGUAGES if code in engagement.languages]
            found.gaps.append(
                Gap(
                    item=item,
                    engagement=engagement,
                    named_by=_follow(item, kind.name[0]),
                    name_field=kind.name[1],
                    languages=missing(item, kind.fields, offered),
                    url=kind.edit_url(item, engagement),
                )
            )
        if found.gaps:
            kinds.append(found)
    return kinds


def organisation_gaps(organisation: Any = None, engagement: Engagement | None = None) -> list[Kind]:
    """The organisation's own items (an asset map's assets) missing a language: all of them on its page (both
    languages count), or those an engagement uses, missing a language it offers. One query per kind."""
    offered = [code for code in LANGUAGES if engagement is None or code in engagement.languages]
    kinds = []
    for kind in organisation_content:
        rows = kind.in_engagement(engagement) if engagement is not None else kind.of_organisation(organisation)
        if not offered:
            continue
        wanted = Q(pk__in=[])
        for code in offered:
            wanted |= missing_q(kind.model, code, kind.fields)
        found = Kind(kind.label)
        for item in rows.filter(wanted).order_by("pk"):
            found.gaps.append(
                Gap(
                    item=item,
                    engagement=engagement,
                    named_by=item,
                    name_field=kind.name_field,
                    languages=missing(item, kind.fields, offered),
                    url=kind.edit_url(item),
                    where=kind.where,
                )
            )
        if found.gaps:
            kinds.append(found)
    return kinds


def gap_counts(engagement_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """{engagement id: {"en": items missing English, "cy": items missing Welsh}}: one aggregate query per kind."""
    ids = list(engagement_ids)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(LANGUAGES, 0))
    for kind in translated_content:
        per_engagement = (
            _rows(kind, ids)
            .values(kind.engagement or "pk")
            .annotate(**{code: Count("pk", filter=_offered_and_missing(kind, code)) for code in LANGUAGES})
            .order_by()
        )
        for row in per_engagement:
            for code in LANGUAGES:
                counts[row[kind.engagement or "pk"]][code] += row[code]
    return dict(counts)
