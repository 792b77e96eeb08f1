"""Anonymous figures of signposting: how many people were pointed to which services and assets, and what came of it. Every
figure about fewer people than the small-numbers threshold (core/privacy.py) is hidden, and so is the total."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from coproduce.core.bilingual import current_language
from coproduce.core.privacy import shown, small_numbers_threshold
from coproduce.signposting.models import Signposting


@dataclass
class Row:
    label: str
    count: int | None  # None: hidden, fewer than the threshold


@dataclass
class Figures:
    total: int | None
    by_service: list[Row]
    by_outcome: list[Row]
    threshold: int
    hidden_services: int  # how many services' and assets' figures were hidden


def figures(records: QuerySet[Signposting]) -> Figures:
    """Three queries, whatever the number of records."""
    total = records.count()
    places = (
        records.values(
            "service_id", "service__name_en", "service__name_cy", "asset_id", "asset__name_en", "asset__name_cy"
        )
        .annotate(n=Count("pk"))
        .order_by("-n", "service__name_en", "asset__name_en")
    )
    language = current_language()
    by_service, hidden = [], 0
    for row in places:
        if row["service_id"] is None and row["asset_id"] is None:
            continue  # an asset erased since: counted in the total, named nowhere
        if shown(row["n"]):
            prefix = "service" if row["service_id"] is not None else "asset"
            name = row[f"{prefix}__name_{language}"] or row[f"{prefix}__name_en"] or row[f"{prefix}__name_cy"]
            by_service.append(Row(name, row["n"]))
        else:
            hidden += 1
    counts = dict(records.values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n"))
    by_outcome = [
        Row(str(label), counts.get(value, 0) if shown(counts.get(value, 0)) or not counts.get(value) else None)
        for value, label in Signposting.Outcome.choices
    ]
    return Figures(
        total=total if shown(total) else None,
        by_service=by_service,
        by_outcome=by_outcome if shown(total) else [],
        threshold=small_numbers_threshold(),
        hidden_services=hidden,
    )
