"""The asset map's list and its map data, set-based: a fixed number of queries whatever the number of assets.

One search and set of filters serves both (the list is the no-JavaScript and screen-reader path; the map shows the
same assets, those with coordinates whose place the reader may see).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from coproduce.community.forms import SearchForm
from coproduce.community.models import Asset
from coproduce.community.visibility import place_visible_q, visible_assets
from coproduce.core.bilingual import LANGUAGES, resolve


def search(user, params: Any) -> tuple[SearchForm, QuerySet[Asset]]:
    """The assets this person may see that match the search and filters; bad filter values are ignored."""
    form = SearchForm(params)
    assets = visible_assets(user)
    form.is_valid()  # a bad value of one filter drops that filter only: cleaned_data keeps the good ones
    data = form.cleaned_data
    if data.get("q"):
        words = Q()
        for code in LANGUAGES:
            words |= Q(**{f"name_{code}__icontains": data["q"]}) | Q(**{f"description_{code}__icontains": data["q"]})
        assets = assets.filter(words)
    if data.get("kind"):
        assets = assets.filter(kind=data["kind"])
    if data.get("area"):
        area = data["area"]
        assets = assets.filter(postcode_area=area) if area.isalpha() else assets.filter(postcode_district=area)
    if data.get("theme"):
        assets = assets.filter(themes=data["theme"])
    return form, assets


def for_list(assets: QuerySet[Asset]) -> QuerySet[Asset]:
    return assets.select_related("organisation").prefetch_related("themes").order_by("name", "pk")


def map_features(user, assets: QuerySet[Asset]) -> dict[str, Any]:
    """GeoJSON of the assets with coordinates whose place this person may see: one query."""
    rows = (
        assets.filter(latitude__isnull=False)
        .filter(place_visible_q(user))
        .order_by("pk")
        .values("pk", "kind", "latitude", "longitude", *(f"name_{code}" for code in LANGUAGES))
    )
    features = []
    for row in rows:
        name, language = resolve(_Row(row), "name")
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(row["longitude"]), float(row["latitude"])]},
                "properties": {"id": row["pk"], "name": name, "lang": language, "kind": row["kind"]},
            }
        )
    # What every point shares is said once (GeoJSON's foreign members): the kinds' names, and the asset page's
    # address with 0 for the id, rather than in each of thousands of points.
    return {
        "type": "FeatureCollection",
        "kinds": {value: str(label) for value, label in Asset.Kind.choices},
        "url": reverse("community:asset", args=[0]),
        "features": features,
    }


class _Row:
    """A values() row read as `resolve` reads a model instance (its name_en, name_cy attributes)."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.__dict__.update(row)
