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
from coproduce.core.bilingual import LANGUAGES, current_language, reading_order


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


#: The longest name a point carries (the popup's link text); the asset's page has the whole of it.
MAP_NAME_LENGTH = 40


def short_name(name: str) -> str:
    return name if len(name) <= MAP_NAME_LENGTH else name[: MAP_NAME_LENGTH - 1].rstrip() + "…"


def map_features(user, assets: QuerySet[Asset]) -> dict[str, Any]:
    """The points of the assets with coordinates whose place this person may see: one query, in a compact form.

    Not GeoJSON (at 10,000 assets its features came to 1.6 MB): each point is an array
    [id, latitude, longitude, kind (its index in "kinds"), short name], with a sixth element, the name's language,
    only when it is not the reader's (a name written in Welsh only, on an English page). What every point shares is
    said once: the kinds' values and names, the reader's language, and the asset page's address with 0 for the id.
    """
    language = current_language()
    kinds = list(Asset.Kind.values)
    index = {kind: i for i, kind in enumerate(kinds)}
    rows = (
        assets.filter(latitude__isnull=False)
        .filter(place_visible_q(user))
        .order_by("pk")
        .values_list("pk", "kind", "latitude", "longitude", *(f"name_{code}" for code in LANGUAGES))
    )
    # `resolve`'s rule (the reader's language, then its fallbacks), said once rather than per point.
    order = [(LANGUAGES.index(code), code) for code in reading_order(language)]
    points = []
    for pk, kind, latitude, longitude, *names in rows:
        name, name_language = next(((names[i], code) for i, code in order if (names[i] or "").strip()), ("", language))
        point: list[Any] = [pk, float(latitude), float(longitude), index[kind], short_name(name)]
        if name_language != language:
            point.append(name_language)
        points.append(point)
    return {
        "kinds": kinds,
        "kind_names": [str(label) for _value, label in Asset.Kind.choices],
        "lang": language,
        "url": reverse("community:asset", args=[0]),
        "points": points,
    }
